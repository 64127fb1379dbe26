package dev.qiuth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the replay memory and the rate-limit counters of every node live: the {@code QIUTH_REDIS_*}
 * variables as plain settings. The core does not talk to Redis; {@code qiuth-state-redis} turns
 * these into a connection ({@code RedisState.fromSettings(settings)}). {@link #toString()} shows the
 * URL without its password.
 *
 * <pre>{@code
 * EnvironmentConfig env = EnvironmentConfig.from(System.getenv());
 * env.redis().ifPresent(redis -> System.out.println(redis));   // RedisSettings[url=redis://***@10.0.0.5:6379, ...]
 * }</pre>
 *
 * <p>With {@code QIUTH_REDIS_URL=rediss://...} and {@code QIUTH_REDIS_TRUSTED_CERTIFICATES=/etc/qiuth/redis-ca.pem},
 * the clients trust the certificates of that file instead of the JDK's trust store.
 *
 * @param url                 {@code QIUTH_REDIS_URL}: {@code redis://[[user]:password@]host[:port][/db]} or
 *                            {@code rediss://...}
 * @param cluster             {@code QIUTH_REDIS_CLUSTER}: the URL names one seed node of a Redis Cluster
 * @param commandTimeout      {@code QIUTH_REDIS_TIMEOUT} (ms): longest wait for one answer; empty: the
 *                            module's default (500 ms)
 * @param keyPrefix           {@code QIUTH_REDIS_KEY_PREFIX}; empty: the module's default ({@code qiuth:})
 * @param rateLimiterFailOpen {@code QIUTH_REDIS_RATE_LIMIT_FAIL_OPEN}: the rate limiter (never the replay
 *                            guard) answers "within limit" while Redis is down
 * @param trustedCertificates {@code QIUTH_REDIS_TRUSTED_CERTIFICATES}: a PEM file of the certificates (CA or
 *                            server) to trust for a {@code rediss://} URL; empty: the JDK's default trust store
 */
public record RedisSettings(String url, boolean cluster, Optional<Duration> commandTimeout, Optional<String> keyPrefix,
                            boolean rateLimiterFailOpen, Optional<Path> trustedCertificates) {
    public RedisSettings {
        if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
            // never quoted: the URL may hold a password
            throw new IllegalArgumentException("must start with redis:// or rediss://");
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
        if (trustedCertificates.isPresent() && !url.startsWith("rediss://")) {
            // a plain connection checks no certificate: the file would be silently ignored
            throw new IllegalArgumentException("trusted certificates need a rediss:// URL");
        }
    }

    /** The URL with any password replaced by {@code ***}. */
    public String redactedUrl() {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        return at < scheme ? url : url.substring(0, scheme + 3) + "***" + url.substring(at);
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + redactedUrl() + ", cluster=" + cluster + ", commandTimeout="
                + commandTimeout.map(Duration::toString).orElse("default") + ", keyPrefix=" + keyPrefix.orElse("default")
                + ", rateLimiterFailOpen=" + rateLimiterFailOpen
                + ", trustedCertificates=" + trustedCertificates.map(Path::toString).orElse("JDK default") + "]";
    }
}
