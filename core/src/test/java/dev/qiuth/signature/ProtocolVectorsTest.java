package dev.qiuth.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The examples of PROTOCOL.md, produced by the Node reference library. */
class ProtocolVectorsTest {

    @Test
    void canonicalRequestOfTheProtocolExample() {
        String canonical = CanonicalRequest.of("post", "http://localhost:8080/api/data", 1700000000000L,
                "{\"a\":1}".getBytes(UTF_8));
        assertThat(canonical).isEqualTo("POST\nhttp://localhost:8080/api/data\n1700000000000\n"
                + "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
    }

    @Test
    void emptyBodyEndsTheCanonicalRequestWithANewline() {
        assertThat(CanonicalRequest.of("GET", "http://h/p", 1L, new byte[0])).isEqualTo("GET\nhttp://h/p\n1\n");
        assertThat(CanonicalRequest.of("GET", "http://h/p", 1L, null)).isEqualTo("GET\nhttp://h/p\n1\n");
    }

    @Test
    void hmacOfTheNodeReferenceClientVector() {
        HmacConfig hmac = HmacConfig.of("564f04d78e954d3f7f944b6826e05d9e7c95a7ac9a4e67f73dab21027eb06b73");
        byte[] canonical = CanonicalRequest.bytes("POST", "http://127.0.0.1:3902/echo?x=1", 1795433693759L,
                "{\"a\":1}".getBytes(UTF_8));
        String expected = "6d036f0e69bb90b80b3b65c53056e561456a3ba38345ae926104e3b1af7fe76c";
        assertThat(hmac.signHex(canonical)).isEqualTo(expected);
        assertThat(hmac.verifies(canonical, expected)).isTrue();
        assertThat(hmac.verifies(canonical, expected.toUpperCase())).isTrue();
        assertThat(hmac.verifies(canonical, expected.replace('6', '7'))).isFalse();
        assertThat(hmac.verifies(canonical, expected.substring(2))).isFalse();
    }
}
