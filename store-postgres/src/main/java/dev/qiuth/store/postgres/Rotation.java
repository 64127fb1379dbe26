package dev.qiuth.store.postgres;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Factor;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link PostgresKeyAdmin#startRotation} changes: new credentials for any of the key's API
 * key, TOTP secret, HMAC secret and public key, and how long the previous ones stay accepted
 * beside them. {@link #toString()} shows no secret.
 *
 * <pre>{@code
 * admin.startRotation("billing", Rotation.builder(Duration.ofDays(7))
 *         .apiKey(newApiKey)                       // only its SHA-256 is stored
 *         .hmac(Secret.of(newHmacSecret))          // encrypted at rest; the max age stays the key's
 *         .build());
 * }</pre>
 *
 * @param newApiKeyHash      the new API key's hash, or null to keep the API key
 * @param newTotp            the new TOTP secret and parameters, or null to keep them
 * @param newHmacSecret      the new HMAC secret, or null to keep it
 * @param newCertificatePem  the new SPKI PEM public key, or null to keep it
 * @param transition         how long the previous credentials stay accepted
 */
public record Rotation(ApiKeyHash newApiKeyHash, TotpConfig newTotp, Secret newHmacSecret, String newCertificatePem,
        Duration transition) {

    /** A rotation whose previous credentials stay accepted for {@code transition}. */
    public static Builder builder(Duration transition) {
        return new Builder(transition);
    }

    /** The factors this rotation changes. */
    public Set<Factor> factors() {
        EnumSet<Factor> f = EnumSet.noneOf(Factor.class);
        if (newApiKeyHash != null) {
            f.add(Factor.API_KEY);
        }
        if (newTotp != null) {
            f.add(Factor.TOTP);
        }
        if (newCertificatePem != null) {
            f.add(Factor.CERTIFICATE);
        }
        if (newHmacSecret != null) {
            f.add(Factor.HMAC);
        }
        return f;
    }

    @Override
    public String toString() {
        return "Rotation[" + factors() + " for " + transition + "]";
    }

    /** Builds a {@link Rotation}; {@link #build()} checks it. */
    public static final class Builder {
        private final Duration transition;
        private ApiKeyHash newApiKeyHash;
        private TotpConfig newTotp;
        private Secret newHmacSecret;
        private String newCertificatePem;

        private Builder(Duration transition) {
            this.transition = transition;
        }

        /** The new plain API key; only its SHA-256 is kept. */
        public Builder apiKey(String apiKey) {
            this.newApiKeyHash = ApiKeyHash.of(apiKey);
            return this;
        }

        public Builder apiKeyHash(ApiKeyHash hash) {
            this.newApiKeyHash = hash;
            return this;
        }

        /** The new TOTP secret with its parameters (which may differ from the previous ones). */
        public Builder totp(TotpConfig totp) {
            this.newTotp = totp;
            return this;
        }

        /** The new HMAC secret (32+ characters); the key's max age stays. */
        public Builder hmac(Secret secret) {
            this.newHmacSecret = secret;
            return this;
        }

        /** The new SPKI PEM public key for RSA signatures; the key's max age stays. */
        public Builder certificate(String publicKeyPem) {
            this.newCertificatePem = publicKeyPem;
            return this;
        }

        /** @throws IllegalArgumentException for a missing or non-positive transition, or nothing to rotate */
        public Rotation build() {
            if (transition == null || transition.isNegative() || transition.isZero()) {
                throw new IllegalArgumentException("a rotation's transition must be positive, got " + transition);
            }
            Rotation r = new Rotation(newApiKeyHash, newTotp, newHmacSecret, newCertificatePem, transition);
            if (r.factors().isEmpty()) {
                throw new IllegalArgumentException("a rotation needs at least one new credential "
                        + "(API key, TOTP, HMAC secret or public key)");
            }
            return r;
        }
    }
}
