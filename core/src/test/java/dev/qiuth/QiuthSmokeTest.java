package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.signature.RequestSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QiuthSmokeTest {
    static final String KEY = "sk_test_smoke_key_0123456789";
    static final String HMAC = "0123456789abcdef0123456789abcdef0123";
    static final String TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Test
    void signedRequestIsGrantedThenReplayRefused() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        Qiuth qiuth = Qiuth.builder().clock(clock)
                .keys(KeyPolicy.builder().id("smoke").apiKey(KEY).ipAllowlist("127.0.0.0/8").totp(TOTP).hmac(HMAC).build())
                .build();
        RequestSigner signer = RequestSigner.builder().apiKey(KEY).totpSecret(TOTP).hmacSecret(HMAC).clock(clock).build();
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = signer.sign("POST", "http://localhost:8080/api/echo?x=1", body);
        Headers.Builder hb = Headers.builder().add("Host", "localhost:8080");
        signed.forEach(hb::add);
        RequestView view = RequestView.builder().method("POST").scheme("http").hostHeader("localhost:8080")
                .rawPath("/api/echo").rawQuery("x=1").headers(hb.build()).remoteAddress("127.0.0.1").body(body).build();

        Decision first = qiuth.authenticate(view);
        assertThat(first).isInstanceOf(Decision.Granted.class);
        assertThat(((Decision.Granted) first).principal().factors())
                .containsExactlyInAnyOrder(Factor.API_KEY, Factor.IP_ALLOWLIST, Factor.TOTP, Factor.HMAC);

        Decision second = qiuth.authenticate(view);
        assertThat(second).isInstanceOf(Decision.Denied.class);
        Decision.Denied denied = (Decision.Denied) second;
        assertThat(denied.code()).isEqualTo(ErrorCode.REPLAYED_REQUEST);
        assertThat(denied.response().status()).isEqualTo(401);
        assertThat(denied.response().headers()).containsEntry("WWW-Authenticate", "ApiKey realm=\"api\"");
        assertThat(denied.response().bodyText()).contains("\"code\":\"REPLAYED_REQUEST\"");
    }
}
