package dev.qiuth.config;

import dev.qiuth.Qiuth;
import dev.qiuth.ratelimit.RateLimit;
import java.util.Objects;
import java.util.Optional;

/**
 * The lockout: how many 401/403 answers a client address ({@code QIUTH_FAILURE_LIMIT} per
 * {@code QIUTH_FAILURE_WINDOW} seconds) and a key id ({@code QIUTH_KEY_FAILURE_LIMIT} per
 * {@code QIUTH_KEY_FAILURE_WINDOW} seconds) may collect before every further request gets 429 with
 * {@code Retry-After} until the window ends. A granted request does not reset the counts. Counted
 * by the engine's rate limiter: in memory per node, or in Redis for all nodes.
 *
 * <pre>{@code
 * Qiuth.Builder b = Qiuth.builder().keyStore(store);
 * EnvironmentConfig.from(System.getenv()).failureLimits().applyTo(b);
 * }</pre>
 *
 * @param perAddress {@link Qiuth.Builder#failureLimit}, or empty: off
 * @param perKey     {@link Qiuth.Builder#keyFailureLimit}, or empty: off
 */
public record FailureLimits(Optional<RateLimit> perAddress, Optional<RateLimit> perKey) {
    private static final FailureLimits NONE = new FailureLimits(Optional.empty(), Optional.empty());

    public FailureLimits {
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perKey, "perKey");
    }

    /** No lockout. */
    public static FailureLimits none() {
        return NONE;
    }

    /** Sets the limits that are configured on the builder; leaves the others as they are. */
    public Qiuth.Builder applyTo(Qiuth.Builder builder) {
        perAddress.ifPresent(builder::failureLimit);
        perKey.ifPresent(builder::keyFailureLimit);
        return builder;
    }
}
