package dev.qiuth.store.postgres;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the store keeps of one key, secrets in plain form, as given to
 * {@link PostgresKeyAdmin#add} and changed by {@link PostgresKeyAdmin#update}. Built and checked
 * with {@link #builder()}: every value a {@link KeyPolicy} would refuse is refused at
 * {@link Builder#build()}. {@link #toString()} shows no secret.
 *
 * <pre>{@code
 * NewKey key = NewKey.builder()
 *         .id("billing").apiKey(apiKey)                 // only its SHA-256 is stored
 *         .ipAllowlist("10.0.0.0/8")
 *         .totp(TotpConfig.of(totpBase32))              // encrypted at rest
 *         .hmac(Secret.of(hmacSecret), Duration.ofMinutes(5))
 *         .scopes("orders:read").build();
 * }</pre>
 */
public record NewKey(String id, ApiKeyHash apiKeyHash, String name, String owner, Set<String> scopes,
        Map<String, String> metadata, Instant expiresAt, RateLimit rateLimit, List<String> ipAllowlist,
        List<String> trustedProxies, boolean trustedProxiesOneHop, TotpConfig totp, String certificatePem, Duration certificateMaxAge,
        Secret hmacSecret, Duration hmacMaxAge) {
    /** Longest key id: it travels in NOTIFY payloads, which PostgreSQL caps at 8000 bytes. */
    public static final int MAX_ID_LENGTH = 200;

    public NewKey {
        scopes = Set.copyOf(scopes);
        metadata = Map.copyOf(metadata);
        ipAllowlist = ipAllowlist == null ? null : List.copyOf(ipAllowlist);
        trustedProxies = trustedProxies == null ? null : List.copyOf(trustedProxies);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.apiKeyHash = apiKeyHash;
        b.name = name;
        b.owner = owner;
        b.scopes.addAll(scopes);
        b.metadata.putAll(metadata);
        b.expiresAt = expiresAt;
        b.rateLimit = rateLimit;
        b.ipAllowlist = ipAllowlist;
        b.trustedProxies = trustedProxies;
        b.trustedProxiesOneHop = trustedProxiesOneHop;
        b.totp = totp;
        b.certificatePem = certificatePem;
        b.certificateMaxAge = certificateMaxAge;
        b.hmacSecret = hmacSecret;
        b.hmacMaxAge = hmacMaxAge;
        return b;
    }

    /** The policy the engine checks requests against; {@code revoked} as stored. */
    public KeyPolicy toPolicy(boolean revoked) {
        return policyBuilder(revoked).build();
    }

    /** The policy's builder, for the store to add the key's rotation before building. */
    KeyPolicy.Builder policyBuilder(boolean revoked) {
        KeyPolicy.Builder p = KeyPolicy.builder().id(id).apiKeyHash(apiKeyHash).name(name).owner(owner)
                .scopes(scopes).metadata(metadata).expiresAt(expiresAt).revoked(revoked).rateLimit(rateLimit);
        if (ipAllowlist != null) {
            p.ipAllowlist(ipAllowlist);
        }
        if (trustedProxies != null) {
            p.trustedProxies(TrustedProxies.of(trustedProxies));
        } else if (trustedProxiesOneHop) {
            p.trustedProxies(TrustedProxies.oneHop());
        }
        if (totp != null) {
            p.totp(totp);
        }
        if (certificatePem != null) {
            p.certificate(CertificateConfig.of(certificatePem, certificateMaxAge));
        }
        if (hmacSecret != null) {
            p.hmac(HmacConfig.of(hmacSecret.reveal(), hmacMaxAge));
        }
        return p;
    }

    @Override
    public String toString() {
        return "NewKey[id=" + id + ", key=" + apiKeyHash.shortId() + "…, totp=" + (totp != null)
                + ", certificate=" + (certificatePem != null) + ", hmac=" + (hmacSecret != null) + "]";
    }

    /** Builds a {@link NewKey}; {@link #build()} checks every value. */
    public static final class Builder {
        private String id;
        private ApiKeyHash apiKeyHash;
        private String name;
        private String owner;
        private final Set<String> scopes = new LinkedHashSet<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Instant expiresAt;
        private RateLimit rateLimit;
        private List<String> ipAllowlist;
        private List<String> trustedProxies;
        private boolean trustedProxiesOneHop;
        private TotpConfig totp;
        private String certificatePem;
        private Duration certificateMaxAge;
        private Secret hmacSecret;
        private Duration hmacMaxAge;

        private Builder() {
        }

        /** The key's stable id, 1 to 200 characters; defaults to the hash's first 8 hex characters. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The plain API key; only its SHA-256 is kept. */
        public Builder apiKey(String apiKey) {
            this.apiKeyHash = ApiKeyHash.of(apiKey);
            return this;
        }

        public Builder apiKeyHash(ApiKeyHash hash) {
            this.apiKeyHash = hash;
            return this;
        }

        /** A display name; defaults to the id. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder scopes(String... scopes) {
            return scopes(List.of(scopes));
        }

        public Builder scopes(Collection<String> scopes) {
            this.scopes.clear();
            this.scopes.addAll(scopes);
            return this;
        }

        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata.clear();
            this.metadata.putAll(metadata);
            return this;
        }

        /** The key stops working at this instant; {@code null} for never. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** This key's own rate limit; {@code null} for none. */
        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder ipAllowlist(String... entries) {
            return ipAllowlist(List.of(entries));
        }

        /** Addresses and CIDR ranges the key may be used from; {@code null} for anywhere. */
        public Builder ipAllowlist(List<String> entries) {
            this.ipAllowlist = entries == null ? null : new ArrayList<>(entries);
            return this;
        }

        /**
         * This key's own trusted proxies (CIDR ranges), instead of the engine's; {@code null} for the
         * engine's. Replaces {@link #trustedProxiesOneHop()}.
         */
        public Builder trustedProxies(List<String> ranges) {
            this.trustedProxies = ranges == null ? null : new ArrayList<>(ranges);
            this.trustedProxiesOneHop = false;
            return this;
        }

        /**
         * This key trusts one proxy hop, whatever its address ({@link TrustedProxies#oneHop()}, the
         * engine-wide {@code QIUTH_IP_TRUST_PROXY=true} for this key only): the client is the rightmost
         * {@code X-Forwarded-For} entry. Needs an IP allowlist; replaces {@link #trustedProxies(List)}.
         *
         * <pre>{@code
         * NewKey.builder().apiKey(apiKey).ipAllowlist("198.51.100.0/24").trustedProxiesOneHop().build();
         * }</pre>
         */
        public Builder trustedProxiesOneHop() {
            this.trustedProxies = null;
            this.trustedProxiesOneHop = true;
            return this;
        }

        /** The engine's trusted proxies for this key: neither ranges nor one hop of its own. */
        public Builder withoutTrustedProxies() {
            this.trustedProxies = null;
            this.trustedProxiesOneHop = false;
            return this;
        }

        public Builder withoutIpAllowlist() {
            this.ipAllowlist = null;
            return withoutTrustedProxies();
        }

        /** Require TOTP codes: the secret (encrypted at rest) and its parameters. */
        public Builder totp(TotpConfig totp) {
            this.totp = totp;
            return this;
        }

        public Builder withoutTotp() {
            this.totp = null;
            return this;
        }

        /** Require RSA signatures verifiable with this SPKI PEM public key. */
        public Builder certificate(String publicKeyPem, Duration maxAge) {
            this.certificatePem = publicKeyPem;
            this.certificateMaxAge = maxAge;
            return this;
        }

        public Builder withoutCertificate() {
            this.certificatePem = null;
            this.certificateMaxAge = null;
            return this;
        }

        /** Require HMAC signatures with this shared secret (32+ characters, encrypted at rest). */
        public Builder hmac(Secret secret, Duration maxAge) {
            this.hmacSecret = secret;
            this.hmacMaxAge = maxAge;
            return this;
        }

        public Builder withoutHmac() {
            this.hmacSecret = null;
            this.hmacMaxAge = null;
            return this;
        }

        /**
         * @throws IllegalArgumentException for a missing key, a bad id, or any value the engine
         *                                  would refuse (the message names it, never a secret)
         */
        public NewKey build() {
            NewKey key = buildUnchecked();
            key.toPolicy(false); // the engine's own checks: CIDR ranges, PEM, secret length, max ages
            return key;
        }

        /** Builds without the engine's checks, for a caller that makes the policy right away (they run there). */
        NewKey buildUnchecked() {
            if (apiKeyHash == null) {
                throw new IllegalArgumentException("API key or its SHA-256 hash is required");
            }
            String theId = id != null ? id : apiKeyHash.shortId();
            if (theId.isBlank() || theId.length() > MAX_ID_LENGTH || theId.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("key id must be 1 to " + MAX_ID_LENGTH
                        + " characters without control characters, got '" + theId.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            if (certificatePem != null && certificateMaxAge == null) {
                certificateMaxAge = CertificateConfig.DEFAULT_MAX_AGE;
            }
            if (hmacSecret != null && hmacMaxAge == null) {
                hmacMaxAge = HmacConfig.DEFAULT_MAX_AGE;
            }
            return new NewKey(theId, apiKeyHash, name != null ? name : theId, owner, scopes, metadata, expiresAt,
                    rateLimit, ipAllowlist, trustedProxies, trustedProxiesOneHop, totp, certificatePem, certificateMaxAge, hmacSecret,
                    hmacMaxAge);
        }
    }
}
