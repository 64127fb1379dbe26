package dev.qiuth.store.postgres;

import dev.qiuth.Factor;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.totp.TotpAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A key as {@link PostgresKeyAdmin#list()} and {@link PostgresKeyAdmin#show(String)} report it:
 * every stored field except the secrets, which it cannot show because it never holds them. The
 * API key appears only as the first 8 hex characters of its hash; a rotation only as its factors and
 * period ({@link RotationStatus}).
 *
 * <pre>{@code
 * admin.show("billing").ifPresent(k -> System.out.println(k.id() + " revoked=" + k.revoked()));
 * }</pre>
 */
public record StoredKey(String id, String keyHashPrefix, String name, String owner, Set<String> scopes,
        Map<String, String> metadata, Instant expiresAt, boolean revoked, Instant revokedAt, RateLimit rateLimit,
        List<String> ipAllowlist, List<String> trustedProxies, boolean trustedProxiesOneHop, Optional<TotpSettings> totp, String certificatePem,
        Duration certificateMaxAge, Duration hmacMaxAge, Instant createdAt, Instant updatedAt, Instant lastUsedAt,
        Optional<RotationStatus> rotation) {

    public StoredKey {
        scopes = Set.copyOf(scopes);
        metadata = Map.copyOf(metadata);
        ipAllowlist = ipAllowlist == null ? null : List.copyOf(ipAllowlist);
        trustedProxies = trustedProxies == null ? null : List.copyOf(trustedProxies);
    }

    /** Whether HMAC signatures are required (the secret itself is not shown). */
    public boolean hmac() {
        return hmacMaxAge != null;
    }

    /** Whether RSA signatures are required. */
    public boolean certificate() {
        return certificatePem != null;
    }

    /** Whether previous credentials are still accepted at this instant (a rotation is open). */
    public boolean rotationOpenAt(Instant now) {
        return rotation.isPresent() && rotation.get().openAt(now);
    }

    /**
     * A rotation of the key's credentials: which factors still accept their previous credential,
     * since when and until when. Present from {@link PostgresKeyAdmin#startRotation} until it is
     * completed, cancelled or the key revoked; after {@code until} it is over (previous credentials
     * are refused) but shown until completed.
     */
    public record RotationStatus(Set<Factor> factors, Instant startedAt, Instant until) {
        public RotationStatus {
            factors = Set.copyOf(factors);
        }

        /** Whether previous credentials are accepted at this instant. */
        public boolean openAt(Instant now) {
            return now.isBefore(until);
        }
    }

    /** The TOTP parameters of a key, without its secret. */
    public record TotpSettings(TotpAlgorithm algorithm, int digits, Duration step, int window, boolean singleUse) {
    }
}
