package dev.qiuth.examples.quarkus;

import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.quarkus.QiuthConfig;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.store.postgres.PostgresKeys;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The app's {@link KeyStore} bean (it replaces the adapter's default): with {@code QIUTH_JDBC_URL}
 * set and no API key, every key of the PostgreSQL database, cached and kept in step across nodes;
 * otherwise the one key of the {@code qiuth.*} settings, as the adapter's default would hold. CDI
 * beans are chosen when the app is built, the variables are read when it starts: hence one producer
 * that decides at start. The adapter runs lookups on the worker pool, never on the event loop.
 */
@Singleton
public class ExampleKeyStore {
    private PostgresKeys database;

    @Produces
    @Singleton
    KeyStore keyStore(QiuthConfig config) {
        Optional<PostgresKeys> keys = PostgresKeys.whenConfigured(EnvironmentConfig.from(System.getenv()));
        if (keys.isPresent()) {
            database = keys.get();
            return database.keyStore();
        }
        return InMemoryKeyStore.of(settings(config).requirePolicy());
    }

    void close(@Observes ShutdownEvent event) {
        if (database != null) {
            database.close();
        }
    }

    /** The key settings under their {@code QIUTH_*} names, read by the core's own parser. */
    private static EnvironmentConfig settings(QiuthConfig c) {
        Map<String, Optional<String>> byName = Map.ofEntries(Map.entry("API_KEY", c.apiKey()),
                Map.entry("HASHED_API_KEY", c.hashedApiKey()), Map.entry("IP_ALLOWLIST", c.ipAllowlist()),
                Map.entry("IP_TRUST_PROXY", c.ipTrustProxy()), Map.entry("TRUSTED_PROXIES", c.trustedProxies()),
                Map.entry("TOTP_SECRET", c.totpSecret()), Map.entry("TOTP_TIME_STEP", c.totpTimeStep()),
                Map.entry("TOTP_WINDOW", c.totpWindow()), Map.entry("CERTIFICATE_PUBLIC_KEY", c.certificatePublicKey()),
                Map.entry("CERTIFICATE_MAX_AGE", c.certificateMaxAge()), Map.entry("HMAC_SECRET", c.hmacSecret()),
                Map.entry("HMAC_MAX_AGE", c.hmacMaxAge()));
        Map<String, String> env = new HashMap<>();
        byName.forEach((name, value) -> value.ifPresent(v -> env.put(EnvironmentConfig.PREFIX + name, v)));
        return EnvironmentConfig.from(env);
    }
}
