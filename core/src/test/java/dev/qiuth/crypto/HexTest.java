package dev.qiuth.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void encodesLowerCase() {
        assertThat(Hex.encode(new byte[] {0, 1, (byte) 0xab, (byte) 0xff})).isEqualTo("0001abff");
        assertThat(Hex.encode(new byte[0])).isEmpty();
    }

    @Test
    void decodesEitherCaseOfExactlyTheExpectedLength() {
        assertThat(Hex.decode("0001abff", 4)).containsExactly(0, 1, 0xab, 0xff);
        assertThat(Hex.decode("0001ABFF", 4)).containsExactly(0, 1, 0xab, 0xff);
        assertThat(Hex.decode("0001abf", 4)).isNull();
        assertThat(Hex.decode("0001abff00", 4)).isNull();
        assertThat(Hex.decode(null, 4)).isNull();
    }

    @Test
    void refusesEveryNonHexCharacter() {
        for (char c = 0; c < 0x3000; c++) {
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            byte[] decoded = Hex.decode("0" + c, 1);
            assertThat(decoded != null).as("char U+%04X", (int) c).isEqualTo(hex);
        }
    }

    @Test
    void roundTripsRandomBytes() {
        SplittableRandom random = new SplittableRandom(Long.getLong("qiuth.seed", 20261123L));
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[random.nextInt(0, 64)];
            random.nextBytes(b);
            assertThat(Hex.decode(Hex.encode(b), b.length)).isEqualTo(b);
            assertThat(Hex.decode(Hex.encode(b).toUpperCase(), b.length)).isEqualTo(b);
        }
    }
}
