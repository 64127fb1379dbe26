package dev.qiuth.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.qiuth.Decision;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import java.time.Clock;
import java.time.Duration;

/**
 * One API node as an application wires it: its own pool, the PostgreSQL store behind a cache with
 * a hash filter, a change listener, and an engine.
 */
final class Node implements AutoCloseable {
    final HikariDataSource pool;
    final PostgresKeyStore store;
    final CachingKeyStore cache;
    final KeyChangeListener listener;
    final Qiuth qiuth;

    Node(TestDatabase db, MasterKey masterKey, Clock storeClock) {
        this(db, masterKey, storeClock, Qiuth.builder());
    }

    /** A node whose engine is built from {@code engine} (its clock, listeners) with this node's cache as key store. */
    Node(TestDatabase db, MasterKey masterKey, Clock storeClock, Qiuth.Builder engine) {
        this.pool = PostgresPool.create(db.jdbcUrl(), "postgres", "postgres", 4, Duration.ofMillis(300));
        this.store = PostgresKeyStore.create(pool, masterKey, storeClock);
        this.cache = CachingKeyStore.builder(store).ttl(Duration.ofMinutes(10))
                .filter(PostgresKeyHashes.load(pool, Clock.systemUTC())).build();
        this.listener = KeyChangeListener.start(pool, cache, Duration.ofMillis(50), Duration.ofMillis(400));
        this.qiuth = engine.keyStore(cache).build();
        Poll.until("the listener connects", Duration.ofSeconds(5), listener::connected);
    }

    Decision authenticate(RequestView request) {
        return qiuth.authenticate(request);
    }

    @Override
    public void close() {
        listener.close();
        pool.close();
    }
}
