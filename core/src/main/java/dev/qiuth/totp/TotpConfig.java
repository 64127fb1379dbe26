package dev.qiuth.totp;

import java.time.Duration;
import java.util.Arrays;

/**
 * A key's TOTP factor: the shared secret and the RFC 6238 parameters. Immutable; the secret
 * never appears in {@link #toString()}.
 *
 * <pre>{@code
 * TotpConfig totp = TotpConfig.builder("JBSWY3DPEHPK3PXP").window(1).build();
 * }</pre>
 */
public final class TotpConfig {
    /** Fewer bytes than this (80 bits) is refused; RFC 4226 recommends 160. */
    public static final int MIN_SECRET_BYTES = 10;

    private final byte[] secret;
    private final javax.crypto.spec.SecretKeySpec key;
    private final TotpVerifier verifier;
    private final boolean singleUse;
    /** The codes of the step last verified: computed once a step, not once a request. */
    private volatile TotpVerifier.Window recent;

    private TotpConfig(Builder b, byte[] secret) {
        this.secret = secret;
        this.verifier = new TotpVerifier(new TotpGenerator(b.algorithm, b.digits, b.step), b.window);
        this.key = new javax.crypto.spec.SecretKeySpec(secret, b.algorithm.jcaName());
        this.singleUse = b.singleUse;
    }

    /** Starts a configuration from a base32 secret (RFC 4648, padding optional). */
    public static Builder builder(String base32Secret) {
        return new Builder(base32Secret);
    }

    /** A configuration with the defaults: SHA1, 6 digits, 30-second step, window of 1. */
    public static TotpConfig of(String base32Secret) {
        return builder(base32Secret).build();
    }

    /** The secret's bytes; the caller must not leak them. */
    public byte[] secretBytes() {
        return secret.clone();
    }

    /** The base32 form of the secret, for provisioning an authenticator. */
    public String base32Secret() {
        return Base32.encode(secret);
    }

    /**
     * Checks a code; see {@link TotpVerifier#verify}. The window's codes are computed on the first
     * check of a time step and kept until the step ends, so a busy key pays the HMACs once a step.
     */
    public long verify(String code, java.time.Instant now) {
        int presented = verifier.parse(code);
        if (presented < 0) {
            return TotpVerifier.NO_MATCH;
        }
        long current = verifier.generator().counterAt(now);
        TotpVerifier.Window codes = recent;
        if (codes == null || codes.current() != current) {
            codes = verifier.codesAround(key, current);
            recent = codes;
        }
        return TotpVerifier.match(codes, presented);
    }

    /** The code valid at an instant, as an authenticator shows it. */
    public String codeAt(java.time.Instant instant) {
        return verifier.generator().generate(secret, instant);
    }

    public TotpAlgorithm algorithm() {
        return verifier.generator().algorithm();
    }

    public int digits() {
        return verifier.generator().digits();
    }

    public Duration step() {
        return verifier.generator().step();
    }

    public int window() {
        return verifier.window();
    }

    /** Whether a code, once accepted, is refused for the rest of its validity. */
    public boolean singleUse() {
        return singleUse;
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(base32Secret());
        b.algorithm = algorithm();
        b.digits = digits();
        b.step = step();
        b.window = window();
        b.singleUse = singleUse;
        return b;
    }

    @Override
    public String toString() {
        return "TotpConfig[secret=<redacted>, algorithm=" + algorithm() + ", digits=" + digits()
                + ", step=" + step().toSeconds() + "s, window=" + window() + ", singleUse=" + singleUse + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TotpConfig other && java.security.MessageDigest.isEqual(secret, other.secret)
                && algorithm() == other.algorithm() && digits() == other.digits() && step().equals(other.step())
                && window() == other.window() && singleUse == other.singleUse;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {algorithm(), digits(), step(), window(), singleUse});
    }

    /** Builds a {@link TotpConfig}; every value is checked at {@link #build()}. */
    public static final class Builder {
        private final String base32Secret;
        private TotpAlgorithm algorithm = TotpAlgorithm.SHA1;
        private int digits = 6;
        private Duration step = Duration.ofSeconds(30);
        private int window = 1;
        private boolean singleUse;

        private Builder(String base32Secret) {
            this.base32Secret = base32Secret;
        }

        public Builder algorithm(TotpAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder digits(int digits) {
            this.digits = digits;
            return this;
        }

        public Builder step(Duration step) {
            this.step = step;
            return this;
        }

        /** Steps accepted on either side of the current one, for clock drift (default 1). */
        public Builder window(int window) {
            this.window = window;
            return this;
        }

        /** Refuse a code that was already accepted for this key (needs the replay store). */
        public Builder singleUse(boolean singleUse) {
            this.singleUse = singleUse;
            return this;
        }

        /**
         * @throws IllegalArgumentException for bad base32, a secret under 80 bits, or bad parameters
         */
        public TotpConfig build() {
            byte[] secret;
            try {
                secret = Base32.decode(base32Secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TOTP secret is not valid base32: " + e.getMessage());
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("TOTP secret must be at least " + MIN_SECRET_BYTES
                        + " bytes (16 base32 characters), got " + secret.length);
            }
            if (step != null && step.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("TOTP time step must be whole seconds, got " + step);
            }
            return new TotpConfig(this, secret);
        }
    }
}
