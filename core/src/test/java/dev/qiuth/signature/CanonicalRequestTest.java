package dev.qiuth.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalRequestTest {

    @Test
    void upperCasesTheMethodOnly() {
        assertThat(CanonicalRequest.of("patch", "http://H/P?Q=x", 5L, null)).isEqualTo("PATCH\nhttp://H/P?Q=x\n5\n");
    }

    @Test
    void keepsTheUrlExactlyAsGiven() {
        String url = "http://[::1]:8080/a%2Fb/../c?x=%7e&y=a+b&&z#frag";
        assertThat(CanonicalRequest.of("GET", url, 1L, null)).isEqualTo("GET\n" + url + "\n1\n");
    }

    @Test
    void bodyHashIsLowerCaseHexSha256() {
        // sha256("abc"), FIPS 180-2
        assertThat(CanonicalRequest.bodyHash("abc".getBytes(UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void emptyAndMissingBodiesHashToTheEmptyString() {
        assertThat(CanonicalRequest.bodyHash(null)).isEmpty();
        assertThat(CanonicalRequest.bodyHash(new byte[0])).isEmpty();
    }

    @Test
    void bytesAreTheUtf8OfTheString() {
        String url = "http://h/caf%C3%A9?q=é";
        assertThat(CanonicalRequest.bytes("GET", url, 1L, null)).isEqualTo(("GET\n" + url + "\n1\n").getBytes(UTF_8));
    }

    @Test
    void timestampIsWrittenInDecimalWithoutPadding() {
        assertThat(CanonicalRequest.of("GET", "http://h/", 42L, null)).isEqualTo("GET\nhttp://h/\n42\n");
    }
}
