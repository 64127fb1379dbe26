package dev.qiuth.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestKeys;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.testing.MutableClock;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestSignerTest {
    private static final String API_KEY = TestSecrets.register("sk_test_signer_0123456789abcdef");
    private static final String TOTP = TestSecrets.register("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ");
    private static final String HMAC = TestSecrets.register("f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a59687");
    private static final String URL = "https://api.example.com:8443/v1/orders?id=7&q=a%20b";
    private static final byte[] BODY = "{\"qty\":2,\"note\":\"é\"}".getBytes(UTF_8);

    private final MutableClock clock = MutableClock.standard();

    private RequestSigner everything() {
        return RequestSigner.builder().apiKey(API_KEY).totpSecret(TOTP).hmacSecret(HMAC)
                .privateKeyPem(TestKeys.clientPrivatePem()).clock(clock).build();
    }

    private byte[] canonical(String method, String url, long ts, byte[] body) {
        return CanonicalRequest.bytes(method, url, ts, body);
    }

    @Test
    void sendsOnlyTheApiKeyForAKeyWithoutFactors() {
        Map<String, String> h = RequestSigner.builder().apiKey(API_KEY).clock(clock).build().sign("GET", URL, (byte[]) null);
        assertThat(h).containsExactly(Map.entry("X-API-Key", API_KEY));
    }

    @Test
    void sendsEveryHeaderInProtocolOrder() {
        Map<String, String> h = everything().sign("POST", URL, BODY);
        assertThat(h.keySet()).containsExactly("X-API-Key", "X-TOTP-Token", "X-Timestamp", "X-Signature", "X-HMAC-Signature");
    }

    @Test
    void timestampIsTheClocksEpochMilliseconds() {
        clock.advance(Duration.ofMillis(123));
        Map<String, String> h = everything().sign("POST", URL, BODY);
        assertThat(h.get("X-Timestamp")).isEqualTo(Long.toString(clock.millis())).endsWith("123");
    }

    @Test
    void totpCodeIsTheCodeAtTheClocksInstant() {
        Map<String, String> h = RequestSigner.builder().apiKey(API_KEY).totpSecret(TOTP).clock(clock).build()
                .sign("GET", URL, (byte[]) null);
        assertThat(h.get("X-TOTP-Token")).isEqualTo(TotpConfig.of(TOTP).codeAt(clock.instant())).matches("[0-9]{6}");
        assertThat(h).doesNotContainKeys("X-Timestamp", "X-Signature", "X-HMAC-Signature");
    }

    @Test
    void hmacCoversTheCanonicalRequestOfTheExactUrlAndBody() {
        Map<String, String> h = everything().sign("post", URL, BODY);
        long ts = Long.parseLong(h.get("X-Timestamp"));
        String sig = h.get("X-HMAC-Signature");
        assertThat(sig).matches("[0-9a-f]{64}");
        assertThat(HmacConfig.of(HMAC).verifies(canonical("POST", URL, ts, BODY), sig)).isTrue();
    }

    @Test
    void rsaSignatureRoundTripsThroughCertificateConfig() {
        Map<String, String> h = everything().sign("POST", URL, BODY);
        long ts = Long.parseLong(h.get("X-Timestamp"));
        String sig = TestSecrets.register(h.get("X-Signature"));
        assertThat(sig).matches("[A-Za-z0-9+/]+={0,2}").hasSize(344);
        assertThat(CertificateConfig.of(TestKeys.clientPublicPem()).verifies(canonical("POST", URL, ts, BODY), sig)).isTrue();
    }

    @Test
    void aTamperedBodyUrlOrTimestampFailsBothSignatures() {
        Map<String, String> h = everything().sign("POST", URL, BODY);
        long ts = Long.parseLong(h.get("X-Timestamp"));
        CertificateConfig cert = CertificateConfig.of(TestKeys.clientPublicPem());
        HmacConfig hmac = HmacConfig.of(HMAC);
        byte[] otherBody = BODY.clone();
        otherBody[8] = '3';
        byte[][] tampered = {
            canonical("POST", URL, ts, otherBody),
            canonical("POST", URL, ts, null),
            canonical("POST", URL.replace("id=7", "id=8"), ts, BODY),
            canonical("POST", URL.replace("a%20b", "a+b"), ts, BODY),
            canonical("POST", URL.replace(":8443", ""), ts, BODY),
            canonical("POST", URL.replace("https", "http"), ts, BODY),
            canonical("POST", URL, ts + 1, BODY),
            canonical("PUT", URL, ts, BODY),
        };
        for (byte[] c : tampered) {
            String text = new String(c, UTF_8);
            assertThat(cert.verifies(c, h.get("X-Signature"))).as(text).isFalse();
            assertThat(hmac.verifies(c, h.get("X-HMAC-Signature"))).as(text).isFalse();
        }
    }

    @Test
    void bothSignaturesUseOneTimestamp() {
        Map<String, String> h = everything().sign("POST", URL, BODY);
        byte[] c = canonical("POST", URL, Long.parseLong(h.get("X-Timestamp")), BODY);
        assertThat(CertificateConfig.of(TestKeys.clientPublicPem()).verifies(c, h.get("X-Signature"))).isTrue();
        assertThat(HmacConfig.of(HMAC).verifies(c, h.get("X-HMAC-Signature"))).isTrue();
    }

    @Test
    void removesAFragmentBeforeSigning() {
        RequestSigner signer = RequestSigner.builder().apiKey(API_KEY).hmacSecret(HMAC).clock(clock).build();
        assertThat(signer.sign("GET", URL + "#section", (byte[]) null)).isEqualTo(signer.sign("GET", URL, (byte[]) null));
    }

    @Test
    void textBodyIsSignedAsUtf8AndNoBodyAsEmpty() {
        RequestSigner signer = RequestSigner.builder().apiKey(API_KEY).hmacSecret(HMAC).clock(clock).build();
        assertThat(signer.sign("POST", URL, new String(BODY, UTF_8))).isEqualTo(signer.sign("POST", URL, BODY));
        assertThat(signer.sign("GET", URL, (String) null)).isEqualTo(signer.sign("GET", URL, new byte[0]));
    }

    @Test
    void returnsAnUnmodifiableMap() {
        Map<String, String> h = everything().sign("GET", URL, (byte[]) null);
        assertThatThrownBy(() -> h.put("X-API-Key", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requiresAnApiKeyAndAClock() {
        assertThatThrownBy(() -> RequestSigner.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("API key is required");
        assertThatThrownBy(() -> RequestSigner.builder().apiKey("  ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("API key is required");
        assertThatThrownBy(() -> RequestSigner.builder().apiKey(API_KEY).clock(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clock is required");
    }

    @Test
    void refusesBadSecretsAtBuildTimeWithoutRepeatingThem() {
        assertThatThrownBy(() -> RequestSigner.builder().hmacSecret(TestSecrets.register("too-short-secret")))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("too-short-secret");
        assertThatThrownBy(() -> RequestSigner.builder().privateKeyPem(TestKeys.clientPublicPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void toStringNamesTheFactorsButNoSecret() {
        String s = everything().toString();
        assertThat(s).isEqualTo("RequestSigner[apiKey=<redacted>, totp=true, hmac=true, certificate=true]");
        assertThat(s).doesNotContain(API_KEY).doesNotContain(HMAC).doesNotContain(TOTP);
    }
}
