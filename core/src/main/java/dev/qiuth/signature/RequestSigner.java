package dev.qiuth.signature;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.totp.TotpConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client side of the protocol: the headers a request needs for the factors a key has.
 * Signs the exact URL and body bytes given, with one timestamp for both signatures.
 * Thread-safe; never prints its secrets.
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.builder()
 *         .apiKey(apiKey).totpSecret(totpBase32).hmacSecret(hmacSecret).build();
 * Map<String, String> headers = signer.sign("POST", "https://api.example.com/orders", body);
 * }</pre>
 */
public final class RequestSigner {
    private final String apiKey;
    private final TotpConfig totp;
    private final HmacConfig hmac;
    private final PrivateKey privateKey;
    private final Clock clock;

    private RequestSigner(Builder b) {
        this.apiKey = b.apiKey;
        this.totp = b.totp;
        this.hmac = b.hmac;
        this.privateKey = b.privateKey;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The protocol headers for one request, in a stable order.
     *
     * @param url the full URL as it will be sent; a fragment is removed before signing
     * @param body the exact body bytes, or {@code null} / empty for none
     */
    public Map<String, String> sign(String method, String url, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(QiuthHeaders.API_KEY, apiKey);
        long now = clock.millis();
        if (totp != null) {
            headers.put(QiuthHeaders.TOTP_TOKEN, totp.codeAt(clock.instant()));
        }
        if (privateKey != null || hmac != null) {
            int hash = url.indexOf('#');
            String signedUrl = hash >= 0 ? url.substring(0, hash) : url;
            byte[] canonical = CanonicalRequest.bytes(method, signedUrl, now, body);
            headers.put(QiuthHeaders.TIMESTAMP, Long.toString(now));
            if (privateKey != null) {
                headers.put(QiuthHeaders.SIGNATURE, rsaSign(canonical));
            }
            if (hmac != null) {
                headers.put(QiuthHeaders.HMAC_SIGNATURE, hmac.signHex(canonical));
            }
        }
        return Collections.unmodifiableMap(headers);
    }

    /** Same as {@link #sign(String, String, byte[])} for a UTF-8 text body. */
    public Map<String, String> sign(String method, String url, String body) {
        return sign(method, url, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private String rsaSign(byte[] canonical) {
        try {
            Signature s = CertificateConfig.newSignature();
            s.initSign(privateKey);
            s.update(canonical);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "RequestSigner[apiKey=<redacted>, totp=" + (totp != null) + ", hmac=" + (hmac != null)
                + ", certificate=" + (privateKey != null) + "]";
    }

    /** Builds a {@link RequestSigner}; an API key is required. */
    public static final class Builder {
        private String apiKey;
        private TotpConfig totp;
        private HmacConfig hmac;
        private PrivateKey privateKey;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The key's TOTP secret, base32, with default parameters. */
        public Builder totpSecret(String base32Secret) {
            return totp(TotpConfig.of(base32Secret));
        }

        public Builder totp(TotpConfig totp) {
            this.totp = totp;
            return this;
        }

        public Builder hmacSecret(String secret) {
            this.hmac = HmacConfig.of(secret);
            return this;
        }

        /** The client's RSA private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
        public Builder privateKeyPem(String pem) {
            this.privateKey = Pem.parsePrivateKey(pem);
            return this;
        }

        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException when the API key is missing or blank */
        public RequestSigner build() {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("API key is required");
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock is required");
            }
            return new RequestSigner(this);
        }
    }
}
