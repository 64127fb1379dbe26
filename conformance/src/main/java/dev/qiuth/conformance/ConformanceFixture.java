package dev.qiuth.conformance;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The engine every adapter's conformance test is protected by, and the credentials the suite signs
 * with. One per JVM, so that frameworks which build their beans themselves (Micronaut, Quarkus)
 * can hand out the very same engine: produce {@link #qiuth()} as the {@code Qiuth} bean.
 *
 * <p>Loopback is a trusted proxy, so the suite can play clients at other addresses with
 * {@code X-Forwarded-For}. The clock stands still unless the suite moves it.
 */
public final class ConformanceFixture {
    /** The body limit of the engine: 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final String REALM = "qiuth-conformance";

    static final CredentialGenerator GENERATOR = new CredentialGenerator();
    static final String BASIC_KEY = GENERATOR.apiKey("cf_basic_");
    static final String LOOPBACK_KEY = GENERATOR.apiKey("cf_loop_");
    static final String REMOTE_KEY = GENERATOR.apiKey("cf_remote_");
    static final String TOTP_KEY = GENERATOR.apiKey("cf_totp_");
    static final String RSA_KEY = GENERATOR.apiKey("cf_rsa_");
    static final String HMAC_KEY = GENERATOR.apiKey("cf_hmac_");
    static final String FULL_KEY = GENERATOR.apiKey("cf_full_");
    static final String REVOKED_KEY = GENERATOR.apiKey("cf_revoked_");
    static final String EXPIRED_KEY = GENERATOR.apiKey("cf_expired_");
    static final String LIMITED_KEY = GENERATOR.apiKey("cf_limited_");
    static final String UNAVAILABLE_KEY = GENERATOR.apiKey("cf_down_");
    static final String TOTP_SECRET = GENERATOR.totpSecret();
    static final String HMAC_SECRET = GENERATOR.hmacSecret();
    static final CredentialGenerator.PemKeyPair RSA = GENERATOR.rsaKeyPair(2048);
    /** Requests per minute allowed to the rate-limited key. */
    static final int LIMIT = 3;
    /** The network {@link #REMOTE_KEY} may call from. */
    static final String REMOTE_NETWORK = "203.0.113.0/24";

    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private static final Qiuth QIUTH = build();

    private ConformanceFixture() {
    }

    /** The engine; the same instance on every call. */
    public static Qiuth qiuth() {
        return QIUTH;
    }

    /** The engine's clock. */
    public static MutableClock clock() {
        return CLOCK;
    }

    /** Every secret the suite uses: none may ever appear in a log line or a response. */
    public static List<String> secrets() {
        return List.of(BASIC_KEY, LOOPBACK_KEY, REMOTE_KEY, TOTP_KEY, RSA_KEY, HMAC_KEY, FULL_KEY, REVOKED_KEY,
                EXPIRED_KEY, LIMITED_KEY, UNAVAILABLE_KEY, TOTP_SECRET, HMAC_SECRET, RSA.privateKeyPem());
    }

    static RequestSigner.Builder signer(String apiKey) {
        return RequestSigner.builder().apiKey(apiKey).clock(CLOCK);
    }

    private static Qiuth build() {
        InMemoryKeyStore keys = InMemoryKeyStore.of(
                KeyPolicy.builder().id("basic").apiKey(BASIC_KEY).name("Basic key").owner("conformance")
                        .scopes("read").build(),
                KeyPolicy.builder().id("loopback").apiKey(LOOPBACK_KEY).ipAllowlist("127.0.0.0/8", "::1").build(),
                KeyPolicy.builder().id("remote").apiKey(REMOTE_KEY).ipAllowlist(REMOTE_NETWORK).build(),
                KeyPolicy.builder().id("totp").apiKey(TOTP_KEY).totp(TOTP_SECRET).build(),
                KeyPolicy.builder().id("rsa").apiKey(RSA_KEY).certificate(RSA.publicKeyPem()).build(),
                KeyPolicy.builder().id("hmac").apiKey(HMAC_KEY).hmac(HMAC_SECRET).build(),
                KeyPolicy.builder().id("full").apiKey(FULL_KEY).ipAllowlist("127.0.0.0/8", "::1").totp(TOTP_SECRET)
                        .certificate(RSA.publicKeyPem()).hmac(HMAC_SECRET).build(),
                KeyPolicy.builder().id("revoked").apiKey(REVOKED_KEY).revoked(true).build(),
                KeyPolicy.builder().id("expired").apiKey(EXPIRED_KEY).expiresAt(CLOCK.instant().minusSeconds(1)).build(),
                KeyPolicy.builder().id("limited").apiKey(LIMITED_KEY)
                        .rateLimit(RateLimit.of(LIMIT, Duration.ofMinutes(1))).build());
        ApiKeyHash down = ApiKeyHash.of(UNAVAILABLE_KEY);
        KeyStore store = hash -> {
            if (hash.equals(down)) {
                throw new StoreUnavailableException("conformance store is down for this key");
            }
            return keys.findByHash(hash);
        };
        return Qiuth.builder()
                .keyStore(store)
                .clock(CLOCK)
                .realm(REALM)
                .maxBodyBytes(MAX_BODY_BYTES)
                .trustedProxies(TrustedProxies.of("127.0.0.1", "::1")) // not 127.0.0.2: the suite calls from there as a client
                .build();
    }

}
