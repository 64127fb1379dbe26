package dev.qiuth;

import dev.qiuth.ip.IpAllowlist;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One API key and the factors it requires beyond the key. Immutable; built with
 * {@link #builder()}, changed with {@link #toBuilder()}. Secrets never appear in
 * {@link #toString()}.
 *
 * <pre>{@code
 * KeyPolicy policy = KeyPolicy.builder()
 *         .id("billing-service")
 *         .apiKey(apiKey)                          // stored only as its SHA-256
 *         .ipAllowlist("10.0.0.0/8", "2001:db8::/32")
 *         .totp("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
 *         .hmac(hmacSecret)
 *         .scopes("orders:read")
 *         .build();
 * }</pre>
 */
public final class KeyPolicy {
    private final String id;
    private final ApiKeyHash keyHash;
    private final IpAllowlist ipAllowlist;
    private final TrustedProxies trustedProxies;
    private final TotpConfig totp;
    private final CertificateConfig certificate;
    private final HmacConfig hmac;
    private final String name;
    private final String owner;
    private final Set<String> scopes;
    private final Map<String, String> metadata;
    private final Instant expiresAt;
    private final boolean revoked;
    private final RateLimit rateLimit;
    private final Set<Factor> factors;
    private final QiuthPrincipal principal;
    /** The factors as the audit line writes them, once per key rather than once per request. */
    private final String factorsText;

    private KeyPolicy(Builder b) {
        this.keyHash = b.keyHash;
        this.id = b.id != null ? b.id : b.keyHash.shortId();
        this.ipAllowlist = b.ipAllowlist;
        this.trustedProxies = b.trustedProxies;
        this.totp = b.totp;
        this.certificate = b.certificate;
        this.hmac = b.hmac;
        this.name = b.name != null ? b.name : this.id;
        this.owner = b.owner;
        this.scopes = Set.copyOf(b.scopes);
        this.metadata = Map.copyOf(b.metadata);
        this.expiresAt = b.expiresAt;
        this.revoked = b.revoked;
        this.rateLimit = b.rateLimit;
        EnumSet<Factor> f = EnumSet.of(Factor.API_KEY);
        if (ipAllowlist != null) {
            f.add(Factor.IP_ALLOWLIST);
        }
        if (totp != null) {
            f.add(Factor.TOTP);
        }
        if (certificate != null) {
            f.add(Factor.CERTIFICATE);
        }
        if (hmac != null) {
            f.add(Factor.HMAC);
        }
        this.factors = java.util.Collections.unmodifiableSet(f);
        // immutable, like the policy: one principal serves every request of this key
        this.principal = new QiuthPrincipal(id, name, owner, scopes, metadata, factors);
        this.factorsText = factors.toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.keyHash = keyHash;
        b.ipAllowlist = ipAllowlist;
        b.trustedProxies = trustedProxies;
        b.totp = totp;
        b.certificate = certificate;
        b.hmac = hmac;
        b.name = name;
        b.owner = owner;
        b.scopes.addAll(scopes);
        b.metadata.putAll(metadata);
        b.expiresAt = expiresAt;
        b.revoked = revoked;
        b.rateLimit = rateLimit;
        return b;
    }

    /** The key's id: given, or the first 8 hex chars of its hash. */
    public String id() {
        return id;
    }

    public ApiKeyHash keyHash() {
        return keyHash;
    }

    public Optional<IpAllowlist> ipAllowlist() {
        return Optional.ofNullable(ipAllowlist);
    }

    /** This key's own trusted proxies; empty to use the engine's. */
    public Optional<TrustedProxies> trustedProxies() {
        return Optional.ofNullable(trustedProxies);
    }

    public Optional<TotpConfig> totp() {
        return Optional.ofNullable(totp);
    }

    public Optional<CertificateConfig> certificate() {
        return Optional.ofNullable(certificate);
    }

    public Optional<HmacConfig> hmac() {
        return Optional.ofNullable(hmac);
    }

    public String name() {
        return name;
    }

    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    public Set<String> scopes() {
        return scopes;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    public boolean revoked() {
        return revoked;
    }

    /** The most requests this key may make per window, once authenticated. */
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** The factors this key requires, {@link Factor#API_KEY} always among them. */
    public Set<Factor> factors() {
        return factors;
    }

    /** Whether the key is usable at this instant: not revoked and not expired. */
    public boolean activeAt(Instant now) {
        return !revoked && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** The principal of every request granted to this key. */
    public QiuthPrincipal principal() {
        return principal;
    }

    String factorsText() {
        return factorsText;
    }

    // direct field access for the engine's hot path, without Optional allocation
    IpAllowlist ipAllowlistOrNull() {
        return ipAllowlist;
    }

    TrustedProxies trustedProxiesOrNull() {
        return trustedProxies;
    }

    TotpConfig totpOrNull() {
        return totp;
    }

    CertificateConfig certificateOrNull() {
        return certificate;
    }

    HmacConfig hmacOrNull() {
        return hmac;
    }

    @Override
    public String toString() {
        return "KeyPolicy[id=" + id + ", key=" + keyHash.shortId() + "…, factors=" + factors
                + (revoked ? ", revoked" : "") + (expiresAt != null ? ", expiresAt=" + expiresAt : "") + "]";
    }

    /** Builds a {@link KeyPolicy}; the API key (or its hash) is required. */
    public static final class Builder {
        private String id;
        private ApiKeyHash keyHash;
        private IpAllowlist ipAllowlist;
        private TrustedProxies trustedProxies;
        private TotpConfig totp;
        private CertificateConfig certificate;
        private HmacConfig hmac;
        private String name;
        private String owner;
        private final Set<String> scopes = new LinkedHashSet<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Instant expiresAt;
        private boolean revoked;
        private RateLimit rateLimit;

        private Builder() {
        }

        /** A stable id for logs and the principal; defaults to the hash's first 8 hex chars. */
        public Builder id(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("key id must be non-blank");
            }
            this.id = id;
            return this;
        }

        /** The plain API key; only its SHA-256 is kept. */
        public Builder apiKey(String apiKey) {
            this.keyHash = ApiKeyHash.of(apiKey);
            return this;
        }

        /** The key's SHA-256 as 64 hex characters, as stored. */
        public Builder apiKeyHash(String hex) {
            this.keyHash = ApiKeyHash.fromHex(hex);
            return this;
        }

        public Builder apiKeyHash(ApiKeyHash hash) {
            this.keyHash = hash;
            return this;
        }

        /** Require the client address to be in one of these addresses or CIDR ranges. */
        public Builder ipAllowlist(String... entries) {
            return ipAllowlist(List.of(entries));
        }

        public Builder ipAllowlist(Collection<String> entries) {
            this.ipAllowlist = IpAllowlist.of(entries);
            return this;
        }

        public Builder ipAllowlist(IpAllowlist allowlist) {
            this.ipAllowlist = allowlist;
            return this;
        }

        /** Trusted proxies for this key's IP check, instead of the engine's. */
        public Builder trustedProxies(TrustedProxies proxies) {
            this.trustedProxies = proxies;
            return this;
        }

        public Builder withoutIpAllowlist() {
            this.ipAllowlist = null;
            this.trustedProxies = null;
            return this;
        }

        /** Require a TOTP code from this base32 secret, with default parameters. */
        public Builder totp(String base32Secret) {
            this.totp = TotpConfig.of(base32Secret);
            return this;
        }

        public Builder totp(TotpConfig totp) {
            this.totp = totp;
            return this;
        }

        public Builder withoutTotp() {
            this.totp = null;
            return this;
        }

        /** Require an RSA signature verifiable with this SPKI PEM public key (maxAge 300 s). */
        public Builder certificate(String publicKeyPem) {
            this.certificate = CertificateConfig.of(publicKeyPem);
            return this;
        }

        public Builder certificate(String publicKeyPem, Duration maxAge) {
            this.certificate = CertificateConfig.of(publicKeyPem, maxAge);
            return this;
        }

        public Builder certificate(CertificateConfig certificate) {
            this.certificate = certificate;
            return this;
        }

        public Builder withoutCertificate() {
            this.certificate = null;
            return this;
        }

        /** Require an HMAC-SHA256 signature with this shared secret, 32+ characters (maxAge 300 s). */
        public Builder hmac(String secret) {
            this.hmac = HmacConfig.of(secret);
            return this;
        }

        public Builder hmac(String secret, Duration maxAge) {
            this.hmac = HmacConfig.of(secret, maxAge);
            return this;
        }

        public Builder hmac(HmacConfig hmac) {
            this.hmac = hmac;
            return this;
        }

        public Builder withoutHmac() {
            this.hmac = null;
            return this;
        }

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

        /** The key stops working at this instant. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder revoked(boolean revoked) {
            this.revoked = revoked;
            return this;
        }

        /** At most this many authenticated requests per window for this key (429 beyond). */
        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /** @throws IllegalArgumentException when no API key or hash was given */
        public KeyPolicy build() {
            if (keyHash == null) {
                throw new IllegalArgumentException("API key or its SHA-256 hash is required");
            }
            if (trustedProxies != null && ipAllowlist == null) {
                throw new IllegalArgumentException("trusted proxies are set but the key has no IP allowlist");
            }
            return new KeyPolicy(this);
        }
    }
}
