package dev.qiuth.state.redis;

import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.RequestView;
import dev.qiuth.signature.RequestSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** A key that requires an HMAC signature, and signed requests for it as an adapter would see them. */
final class SignedRequests {
    static final String API_KEY = "qk_test_4f1d9a6c2b7e8f0a1c3d5e7f9a0b2c4d";
    static final String HMAC_SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final Instant SIGNED_AT = Instant.parse("2026-12-03T10:00:00Z");

    final KeyPolicy policy;
    private final RequestSigner signer;

    SignedRequests(Duration maxAge) {
        this.policy = KeyPolicy.builder().id("key-1").apiKey(API_KEY).hmac(HMAC_SECRET, maxAge).build();
        this.signer = RequestSigner.builder().apiKey(API_KEY).hmacSecret(HMAC_SECRET)
                .clock(Clock.fixed(SIGNED_AT, ZoneOffset.UTC)).build();
    }

    SignedRequests() {
        this(Duration.ofMinutes(5));
    }

    /** A signed POST to a distinct URL per {@code n}, from {@code peer}. */
    RequestView post(int n, String peer) {
        return view("POST", "http://api.example.test/orders/" + n, "{\"n\":" + n + "}", peer, signer.sign("POST",
                "http://api.example.test/orders/" + n, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)));
    }

    /** The same request with a wrong signature. */
    RequestView forged(int n, String peer) {
        Map<String, String> signed = new java.util.LinkedHashMap<>(signer.sign("POST", "http://api.example.test/orders/" + n,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)));
        signed.put(QiuthHeaders.HMAC_SIGNATURE, "00".repeat(32));
        return view("POST", "http://api.example.test/orders/" + n, "{\"n\":" + n + "}", peer, signed);
    }

    /** What the engine remembers for {@code post(n, ..)}: the MAC XOR the key's hash. */
    byte[] fingerprint(int n) {
        String mac = signer.sign("POST", "http://api.example.test/orders/" + n,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)).get(QiuthHeaders.HMAC_SIGNATURE);
        byte[] fp = java.util.HexFormat.of().parseHex(mac);
        byte[] keyHash = sha256(API_KEY);
        for (int i = 0; i < fp.length; i++) {
            fp[i] ^= keyHash[i];
        }
        return fp;
    }

    /** The signature header of {@code post(n, ..)}, to look for in logs. */
    String signature(int n) {
        return signer.sign("POST", "http://api.example.test/orders/" + n,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)).get(QiuthHeaders.HMAC_SIGNATURE);
    }

    private static RequestView view(String method, String url, String body, String peer, Map<String, String> signed) {
        URI uri = URI.create(url);
        Headers.Builder h = Headers.builder().add("Host", uri.getRawAuthority());
        signed.forEach(h::add);
        return RequestView.builder().method(method).scheme(uri.getScheme()).hostHeader(uri.getRawAuthority())
                .rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery()).headers(h.build())
                .remoteAddress(peer).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
