package dev.qiuth.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.fixture.TestSecrets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

    @Test
    void theNodeReferenceClientsRequestIsGrantedByTheEngine() {
        // the request behind the vector above, as a server sees it one second later; the key itself is not signed
        String key = TestSecrets.register("sk_test_node_vector_3Yp8Wd1");
        Qiuth qiuth = Qiuth.builder().clock(Clock.fixed(Instant.ofEpochMilli(1795433694759L), ZoneOffset.UTC))
                .keys(KeyPolicy.builder().apiKey(key).hmac("564f04d78e954d3f7f944b6826e05d9e7c95a7ac9a4e67f73dab21027eb06b73")
                        .build())
                .build();
        RequestView view = RequestView.builder().method("POST").scheme("http").hostHeader("127.0.0.1:3902")
                .rawPath("/echo").rawQuery("x=1").remoteAddress("127.0.0.1").body("{\"a\":1}".getBytes(UTF_8))
                .headers(Headers.builder().add("Host", "127.0.0.1:3902").add("Content-Type", "application/json")
                        .add("X-API-Key", key).add("X-Timestamp", "1795433693759")
                        .add("X-HMAC-Signature", "6d036f0e69bb90b80b3b65c53056e561456a3ba38345ae926104e3b1af7fe76c").build())
                .build();
        assertThat(qiuth.authenticate(view).granted()).isTrue();
    }
}
