package dev.qiuth;

import dev.qiuth.fixture.TestKeys;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.signature.RequestSigner;
import java.time.Clock;

/** The keys the engine tests present: one per factor, and one with every factor. */
final class TestPolicies {
    static final String URL = "http://api.example.com/v1/orders?id=7&q=a%20b";
    static final String ALLOWED_PEER = "203.0.113.7";
    static final String OUTSIDE_PEER = "198.51.100.9";
    static final String ALLOWLIST = "203.0.113.0/24";

    static final String PLAIN_KEY = TestSecrets.register("sk_test_plain_7Qm2xV9bLk4Rt8Wz");
    static final String IP_KEY = TestSecrets.register("sk_test_ip_3Hn6Pq1Zs5Dv0Cx");
    static final String TOTP_KEY = TestSecrets.register("sk_test_totp_8Jw4Ey2Ua6Gi9Ob");
    static final String CERT_KEY = TestSecrets.register("sk_test_cert_5Kf1Tr7Nm3Bh0Ls");
    static final String HMAC_KEY = TestSecrets.register("sk_test_hmac_2Vc9Xd6Qp4Yj1Me");
    static final String FULL_KEY = TestSecrets.register("sk_test_full_6Ra3Sw8Fo0Hu5Ik");
    static final String UNKNOWN_KEY = TestSecrets.register("sk_test_unknown_1Az7By3Cx9Dw");

    /** "The quick brown fox " in base32: 20 bytes. */
    static final String TOTP_SECRET = TestSecrets.register("KRUGKIDROVUWG2ZAMJZG653OEBTG66BA");
    static final String HMAC_SECRET = TestSecrets.register("9a3f0c1d2e4b5a69788776655443322110ffeeddccbbaa00");

    private TestPolicies() {
    }

    static KeyPolicy plain() {
        return KeyPolicy.builder().id("plain").apiKey(PLAIN_KEY).build();
    }

    static KeyPolicy ip() {
        return KeyPolicy.builder().id("ip").apiKey(IP_KEY).ipAllowlist(ALLOWLIST).build();
    }

    static KeyPolicy totp() {
        return KeyPolicy.builder().id("totp").apiKey(TOTP_KEY).totp(TOTP_SECRET).build();
    }

    static KeyPolicy cert() {
        return KeyPolicy.builder().id("cert").apiKey(CERT_KEY).certificate(TestKeys.clientPublicPem()).build();
    }

    static KeyPolicy hmac() {
        return KeyPolicy.builder().id("hmac").apiKey(HMAC_KEY).hmac(HMAC_SECRET).build();
    }

    static KeyPolicy full() {
        return KeyPolicy.builder().id("full").apiKey(FULL_KEY).ipAllowlist(ALLOWLIST).totp(TOTP_SECRET)
                .certificate(TestKeys.clientPublicPem()).hmac(HMAC_SECRET).build();
    }

    static KeyPolicy[] all() {
        return new KeyPolicy[] {plain(), ip(), totp(), cert(), hmac(), full()};
    }

    static RequestSigner.Builder signer(String apiKey, Clock clock) {
        return RequestSigner.builder().apiKey(apiKey).clock(clock);
    }

    static RequestSigner plainSigner(String apiKey, Clock clock) {
        return signer(apiKey, clock).build();
    }

    static RequestSigner totpSigner(Clock clock) {
        return signer(TOTP_KEY, clock).totpSecret(TOTP_SECRET).build();
    }

    static RequestSigner certSigner(Clock clock) {
        return signer(CERT_KEY, clock).privateKeyPem(TestKeys.clientPrivatePem()).build();
    }

    static RequestSigner hmacSigner(Clock clock) {
        return signer(HMAC_KEY, clock).hmacSecret(HMAC_SECRET).build();
    }

    static RequestSigner fullSigner(Clock clock) {
        return signer(FULL_KEY, clock).totpSecret(TOTP_SECRET).privateKeyPem(TestKeys.clientPrivatePem())
                .hmacSecret(HMAC_SECRET).build();
    }
}
