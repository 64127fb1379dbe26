package dev.qiuth.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void digestsFips180Vectors() {
        assertThat(Hex.encode(Sha256.digest("abc"))).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hex.encode(Sha256.digest(new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void partsCannotRunIntoEachOther() {
        byte[] none = new byte[0];
        byte[] ab = Sha256.digestParts("a".getBytes(US_ASCII), "bc".getBytes(US_ASCII), none);
        byte[] abSplitElsewhere = Sha256.digestParts("ab".getBytes(US_ASCII), "c".getBytes(US_ASCII), none);
        byte[] abShifted = Sha256.digestParts(none, "a".getBytes(US_ASCII), "bc".getBytes(US_ASCII));
        assertThat(ab).isNotEqualTo(abSplitElsewhere).isNotEqualTo(abShifted);
        assertThat(ab).isEqualTo(Sha256.digestParts("a".getBytes(US_ASCII), "bc".getBytes(US_ASCII), none));
    }

    @Test
    void aDigestLeavesNoStateForTheNext() {
        Sha256.digestParts("x".getBytes(US_ASCII), new byte[0], new byte[0]);
        assertThat(Hex.encode(Sha256.digest("abc"))).startsWith("ba7816bf");
    }
}
