package dev.qiuth.examples.quarkus;

import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.quarkus.QiuthBeans;
import dev.qiuth.quarkus.QiuthConfig;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.store.postgres.PostgresKeys;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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
        return InMemoryKeyStore.of(QiuthBeans.environment(config).requirePolicy());
    }

    void close(@Observes ShutdownEvent event) {
        if (database != null) {
            database.close();
        }
    }
}
