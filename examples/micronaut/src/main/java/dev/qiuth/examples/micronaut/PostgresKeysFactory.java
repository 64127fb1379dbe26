package dev.qiuth.examples.micronaut;

import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.store.KeyStore;
import dev.qiuth.store.postgres.PostgresKeys;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import jakarta.inject.Singleton;

/**
 * With {@code QIUTH_JDBC_URL} set and no {@code QIUTH_API_KEY}, the keys come from PostgreSQL: this
 * {@link KeyStore} bean replaces the adapter's one-key store. The adapter's filter already runs
 * lookups on the blocking executor, so a cache miss never stalls the event loop.
 */
@Factory
final class PostgresKeysFactory {
    @Singleton
    @Requires(condition = KeysInPostgres.class)
    @Bean(preDestroy = "close")
    PostgresKeys postgresKeys() {
        return PostgresKeys.whenConfigured(EnvironmentConfig.from(System.getenv())).orElseThrow();
    }

    @Singleton
    @Requires(condition = KeysInPostgres.class)
    KeyStore postgresKeyStore(PostgresKeys keys) {
        return keys.keyStore();
    }

    /** The variables ask for the database: {@code QIUTH_JDBC_URL} without an API key. */
    static final class KeysInPostgres implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return wanted(EnvironmentConfig.from(System.getenv()));
        }

        static boolean wanted(EnvironmentConfig config) {
            return config.policy().isEmpty() && config.database().isPresent();
        }
    }
}
