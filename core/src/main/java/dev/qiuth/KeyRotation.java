package dev.qiuth;

import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.totp.TotpConfig;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A key's credentials while its clients move to new ones: the previous API key, TOTP secret,
 * public key or HMAC secret (any of them) stay accepted beside the key's current ones until
 * {@code until}, and are refused after it. Which generation each factor used is in the
 * principal ({@link QiuthPrincipal#previousCredentials()}) and the audit line, so an operator
 * sees who still sends old credentials; a {@link Qiuth.Builder#rotationListener} hears of
 * such uses in the last quarter of the transition.
 *
 * <p>A previous credential only stands in for a factor the key still requires: a rotation
 * never lets a request prove something the key does not hold.
 *
 * <pre>{@code
 * KeyPolicy rotating = policy.toBuilder()
 *         .apiKey(newKey).hmac(newSecret)
 *         .rotation(KeyRotation.builder(now, now.plus(Duration.ofHours(24)))
 *                 .previousApiKeyHash(policy.keyHash()).previousHmac(policy.hmac().orElseThrow())
 *                 .build())
 *         .build();
 * }</pre>
 */
public final class KeyRotation {
    private final ApiKeyHash previousKeyHash;
    private final TotpConfig previousTotp;
    private final CertificateConfig previousCertificate;
    private final HmacConfig previousHmac;
    private final Instant startedAt;
    private final Instant until;
    private final Instant lastQuarterFrom;
    private final Set<Factor> factors;

    private KeyRotation(Builder b) {
        this.previousKeyHash = b.previousKeyHash;
        this.previousTotp = b.previousTotp;
        this.previousCertificate = b.previousCertificate;
        this.previousHmac = b.previousHmac;
        this.startedAt = b.startedAt;
        this.until = b.until;
        this.lastQuarterFrom = until.minus(java.time.Duration.between(startedAt, until).dividedBy(4));
        EnumSet<Factor> f = EnumSet.noneOf(Factor.class);
        if (previousKeyHash != null) {
            f.add(Factor.API_KEY);
        }
        if (previousTotp != null) {
            f.add(Factor.TOTP);
        }
        if (previousCertificate != null) {
            f.add(Factor.CERTIFICATE);
        }
        if (previousHmac != null) {
            f.add(Factor.HMAC);
        }
        this.factors = Collections.unmodifiableSet(f);
    }

    /** A rotation that started at {@code startedAt} and accepts previous credentials until {@code until}. */
    public static Builder builder(Instant startedAt, Instant until) {
        return new Builder(startedAt, until);
    }

    /** The factors whose previous credential is still accepted. */
    public Set<Factor> factors() {
        return factors;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** When the previous credentials stop working. */
    public Instant until() {
        return until;
    }

    /** Whether previous credentials are accepted at this instant. */
    public boolean acceptsPreviousAt(Instant now) {
        return now.isBefore(until);
    }

    /** Whether this instant is in the last quarter of the transition, when a use of an old credential is worth a warning. */
    public boolean inLastQuarterAt(Instant now) {
        return !now.isBefore(lastQuarterFrom) && now.isBefore(until);
    }

    ApiKeyHash previousKeyHashOrNull() {
        return previousKeyHash;
    }

    TotpConfig previousTotpOrNull() {
        return previousTotp;
    }

    CertificateConfig previousCertificateOrNull() {
        return previousCertificate;
    }

    HmacConfig previousHmacOrNull() {
        return previousHmac;
    }

    /** The previous API key's hash, when the key itself rotates: a store finds the key by it too. */
    public java.util.Optional<ApiKeyHash> previousKeyHash() {
        return java.util.Optional.ofNullable(previousKeyHash);
    }

    @Override
    public String toString() {
        return "KeyRotation[previous " + factors + " until " + until + "]";
    }

    /** Builds a {@link KeyRotation}; at least one previous credential is required. */
    public static final class Builder {
        private final Instant startedAt;
        private final Instant until;
        private ApiKeyHash previousKeyHash;
        private TotpConfig previousTotp;
        private CertificateConfig previousCertificate;
        private HmacConfig previousHmac;

        private Builder(Instant startedAt, Instant until) {
            this.startedAt = startedAt;
            this.until = until;
        }

        public Builder previousApiKeyHash(ApiKeyHash hash) {
            this.previousKeyHash = hash;
            return this;
        }

        public Builder previousTotp(TotpConfig totp) {
            this.previousTotp = totp;
            return this;
        }

        public Builder previousCertificate(CertificateConfig certificate) {
            this.previousCertificate = certificate;
            return this;
        }

        public Builder previousHmac(HmacConfig hmac) {
            this.previousHmac = hmac;
            return this;
        }

        /** @throws IllegalArgumentException for missing or reversed instants, or nothing to rotate */
        public KeyRotation build() {
            if (startedAt == null || until == null || !until.isAfter(startedAt)) {
                throw new IllegalArgumentException("a rotation needs a start before its end, got " + startedAt + " to " + until);
            }
            if (previousKeyHash == null && previousTotp == null && previousCertificate == null && previousHmac == null) {
                throw new IllegalArgumentException("a rotation needs at least one previous credential");
            }
            return new KeyRotation(this);
        }
    }
}
