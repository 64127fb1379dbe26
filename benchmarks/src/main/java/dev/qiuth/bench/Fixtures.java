package dev.qiuth.bench;

import dev.qiuth.Decision;
import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.RequestView;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.generate.CredentialGenerator.PemKeyPair;
import dev.qiuth.signature.CanonicalRequest;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.InMemoryKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The credentials and requests the benchmarks share. Every signed request is signed at
 * {@link #SIGNED_AT}, the first millisecond of a TOTP step, and judged by an engine whose
 * {@link BenchmarkClock} starts each iteration at that instant: its timestamp stays inside the
 * 300 s window and its TOTP code inside the ±1 step window for the first 60 s of an iteration.
 */
final class Fixtures {
    /** When the requests were signed; a multiple of the 30 s TOTP step. */
    static final Instant SIGNED_AT = Instant.parse("2026-11-23T12:00:00Z");

    static final String KEY_ONLY_API_KEY = "sk_live_bench_keyonly_Q2xpZW50S2V5T25seUZvckJlbmNobWFya3M";
    static final String HMAC_API_KEY = "sk_live_bench_hmac_SG1hY0tleUZvckJlbmNobWFya3NPbmx5QUJDREVG";
    static final String RSA_API_KEY = "sk_live_bench_rsa_UnNhS2V5Rm9yQmVuY2htYXJrc09ubHlBQkNERUZHSA";
    static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final String HMAC_SECRET = "564f04d78e954d3f7f944b6826e05d9e7c95a7ac9a4e67f73dab21027eb06b73";

    /** Four IPv4 and two IPv6 networks; each test address matches the last network of its family. */
    static final List<String> ALLOWLIST = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "fd00::/8", "192.0.2.0/24", "2001:db8:85a3::/48", "198.51.100.0/24");
    static final String PEER_V4 = "198.51.100.7";
    static final String PEER_V6 = "2001:db8:85a3::8a2e:370:7334";

    /** Unrelated keys in every store, so that a lookup is not into a one-entry map. */
    static final int OTHER_KEYS = 1_000;

    static final String METHOD = "POST";
    static final String SCHEME = "https";
    static final String HOST = "api.example.com";
    static final String PATH = "/v1/customers/cus_8412/orders/ord_55310/items";
    static final byte[] BODY = ("{\"sku\":\"QX-1024\",\"quantity\":3,\"unitPrice\":\"19.90\",\"currency\":\"EUR\","
            + "\"note\":\"leave at door\"}").getBytes(StandardCharsets.UTF_8);

    private static PemKeyPair rsaKeyPair;

    private Fixtures() {
    }

    /** The query of the n-th request of a ring: distinct URLs make distinct signed requests. */
    static String query(int n) {
        return "n=" + n + "&expand=lines,prices";
    }

    static String url(String rawQuery) {
        return SCHEME + "://" + HOST + PATH + "?" + rawQuery;
    }

    /** The canonical bytes of the n-th request signed at {@link #SIGNED_AT}: what HMAC and RSA sign. */
    static byte[] canonical(int n) {
        return CanonicalRequest.bytes(METHOD, url(query(n)), SIGNED_AT.toEpochMilli(), BODY);
    }

    /** One RSA-2048 key pair per JVM: generating it costs a fraction of a second. */
    static synchronized PemKeyPair rsaKeyPair() {
        if (rsaKeyPair == null) {
            rsaKeyPair = new CredentialGenerator().rsaKeyPair(2048);
        }
        return rsaKeyPair;
    }

    static KeyPolicy keyOnlyPolicy() {
        return KeyPolicy.builder().id("key-only").apiKey(KEY_ONLY_API_KEY).scopes("orders:read").build();
    }

    static KeyPolicy hmacPolicy() {
        return KeyPolicy.builder().id("hmac-path").apiKey(HMAC_API_KEY).ipAllowlist(ALLOWLIST)
                .totp(TOTP_SECRET).hmac(HMAC_SECRET).scopes("orders:write").build();
    }

    static KeyPolicy rsaPolicy() {
        return KeyPolicy.builder().id("rsa-path").apiKey(RSA_API_KEY).certificate(rsaKeyPair().publicKeyPem())
                .scopes("orders:write").build();
    }

    static RequestSigner hmacSigner() {
        return RequestSigner.builder().apiKey(HMAC_API_KEY).totpSecret(TOTP_SECRET).hmacSecret(HMAC_SECRET)
                .clock(signingClock()).build();
    }

    static RequestSigner rsaSigner() {
        return RequestSigner.builder().apiKey(RSA_API_KEY).privateKeyPem(rsaKeyPair().privateKeyPem())
                .clock(signingClock()).build();
    }

    static Clock signingClock() {
        return Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
    }

    /** A store with the given keys among {@link #OTHER_KEYS} others. */
    static InMemoryKeyStore store(KeyPolicy... policies) {
        InMemoryKeyStore store = InMemoryKeyStore.of(policies);
        for (int i = 0; i < OTHER_KEYS; i++) {
            store.put(KeyPolicy.builder().id("other-" + i).apiKey("sk_live_other_key_" + i + "_padding_padding")
                    .build());
        }
        return store;
    }

    /**
     * A request as an adapter would view it: the protocol headers the signer produced plus the
     * ordinary headers every request carries.
     */
    static RequestView request(String rawQuery, Map<String, String> protocolHeaders, String peer) {
        Headers.Builder headers = Headers.builder()
                .add("Host", HOST)
                .add("User-Agent", "qiuth-bench/1.0 (Java 17)")
                .add("Accept", "application/json")
                .add("Accept-Encoding", "gzip, deflate")
                .add("Content-Type", "application/json")
                .add("Content-Length", Integer.toString(BODY.length))
                .add("X-Request-Id", "0f8fad5b-d9cb-469f-a165-70867728950e");
        protocolHeaders.forEach(headers::add);
        return RequestView.builder().method(METHOD).scheme(SCHEME).hostHeader(HOST).rawPath(PATH).rawQuery(rawQuery)
                .headers(headers.build()).remoteAddress(peer).body(BODY).build();
    }

    /** The n-th request, signed at {@link #SIGNED_AT} by this signer. */
    static RequestView signedRequest(RequestSigner signer, int n, String peer) {
        String rawQuery = query(n);
        return request(rawQuery, signer.sign(METHOD, url(rawQuery), BODY), peer);
    }

    /**
     * Fails the benchmark when a fixture no longer yields a grant: a benchmark that measured
     * denials would report a number that means nothing.
     */
    static Decision requireGranted(Decision decision, String what) {
        if (decision instanceof Decision.Denied denied) {
            throw new IllegalStateException(what + " was denied (" + denied.reason() + ": " + denied.detail()
                    + "); the benchmark fixture is broken");
        }
        return decision;
    }
}
