package dev.qiuth.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.qiuth.store.KeyStore;
import dev.qiuth.config.DatabaseSettings;
import dev.qiuth.config.EnvironmentConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The whole PostgreSQL key store of one node, wired as the README shows, from the
 * {@code QIUTH_JDBC_*} / {@code QIUTH_MASTER_KEY} settings: a pool, {@link PostgresKeyStore}
 * behind a {@link CachingKeyStore} with the hash filter, the last-used recorder, and the
 * {@link KeyChangeListener} that keeps this node's cache in step with every other node. What the
 * example applications call; close it when the application stops.
 *
 * <pre>{@code
 * Optional<DatabaseSettings> db = EnvironmentConfig.from(System.getenv()).database();
 * try (PostgresKeys keys = PostgresKeys.fromSettings(db.orElseThrow())) {
 *     Qiuth qiuth = Qiuth.builder().keyStore(keys.keyStore()).build();
 *     ...
 * }
 * }</pre>
 */
public final class PostgresKeys implements AutoCloseable {
    /** The longest a missed change notice can last on a node. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(5);
    public static final Duration NEGATIVE_TTL = Duration.ofSeconds(30);

    private final HikariDataSource pool;
    private final CachingKeyStore keys;
    private final LastUsedRecorder lastUsed;
    private final KeyChangeListener listener;

    private PostgresKeys(HikariDataSource pool, CachingKeyStore keys, LastUsedRecorder lastUsed,
            KeyChangeListener listener) {
        this.pool = pool;
        this.keys = keys;
        this.lastUsed = lastUsed;
        this.listener = listener;
    }

    /**
     * The keys in PostgreSQL when the variables ask for them: {@code QIUTH_JDBC_URL} set and no
     * {@code QIUTH_API_KEY} / {@code QIUTH_HASHED_API_KEY}; empty otherwise (the app keeps its one key).
     *
     * <pre>{@code
     * EnvironmentConfig env = EnvironmentConfig.from(System.getenv());
     * Qiuth qiuth = PostgresKeys.whenConfigured(env)
     *         .map(keys -> Qiuth.builder().keyStore(keys.keyStore()).trustedProxies(env.trustedProxies()).build())
     *         .orElseGet(() -> env.engineBuilder().build());
     * }</pre>
     *
     * @throws IllegalStateException as {@link #fromSettings(DatabaseSettings, Clock)}
     */
    public static Optional<PostgresKeys> whenConfigured(EnvironmentConfig config) {
        if (config.policy().isPresent() || config.database().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromSettings(config.database().get()));
    }

    /** The store on the system clock; see {@link #fromSettings(DatabaseSettings, Clock)}. */
    public static PostgresKeys fromSettings(DatabaseSettings settings) {
        return fromSettings(settings, Clock.systemUTC());
    }

    /**
     * Connects, checks the master key, and starts listening for changes.
     *
     * @throws IllegalStateException naming {@value MasterKey#VARIABLE} when it is missing, malformed or
     *                               not the database's, or when the schema was not migrated
     * @throws dev.qiuth.StoreUnavailableException when the database cannot be reached
     */
    public static PostgresKeys fromSettings(DatabaseSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        MasterKey masterKey = masterKey(settings);
        HikariDataSource pool = PostgresPool.create(settings.jdbcUrl(), settings.user(), settings.password());
        try {
            PostgresKeyStore store = PostgresKeyStore.create(pool, masterKey, clock);
            LastUsedRecorder lastUsed = LastUsedRecorder.start(pool, clock, Duration.ofSeconds(30));
            CachingKeyStore keys = CachingKeyStore.builder(store)
                    .ttl(CACHE_TTL)
                    .negativeTtl(NEGATIVE_TTL)
                    .filter(PostgresKeyHashes.load(pool, clock))
                    .onFound(lastUsed::record)
                    .build();
            return new PostgresKeys(pool, keys, lastUsed, KeyChangeListener.start(pool, keys));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The master key of these settings, checked. */
    public static MasterKey masterKey(DatabaseSettings settings) {
        String value = settings.masterKeyValue().orElseThrow(() -> new IllegalStateException(MasterKey.VARIABLE
                + " is not set: the key store needs the master key that encrypts its secrets"));
        try {
            return MasterKey.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /** The cached store to give the engine. */
    public KeyStore keyStore() {
        return keys;
    }

    /** The cache itself (to invalidate by hand, or count entries). */
    public CachingKeyStore cache() {
        return keys;
    }

    /** The pool (for {@link PostgresKeyAdmin} or health checks). */
    public DataSource dataSource() {
        return pool;
    }

    /** Whether the change listener is connected right now. */
    public boolean listening() {
        return listener.connected();
    }

    @Override
    public void close() {
        listener.close();
        lastUsed.close();
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresKeys[" + pool.getPoolName() + ", listening=" + listener.connected() + "]";
    }
}
