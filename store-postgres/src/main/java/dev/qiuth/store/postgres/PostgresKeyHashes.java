package dev.qiuth.store.postgres;

import dev.qiuth.ApiKeyHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first 8 bytes of every stored key hash (the previous one of a rotating key too), sorted, in
 * memory (8 bytes a hash): a
 * {@link CachingKeyStore.KeyHashFilter} that answers "unknown" for a random key without a query.
 * Reloaded when a key is added or starts a rotation (through the cache's {@code invalidateUnknown}), after a
 * reconnect, and when older than {@code maxAge}. Until it has loaded once it lets every
 * hash through.
 *
 * <pre>{@code
 * CachingKeyStore cache = CachingKeyStore.builder(store).filter(PostgresKeyHashes.load(pool, clock)).build();
 * }</pre>
 */
public final class PostgresKeyHashes implements CachingKeyStore.KeyHashFilter {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresKeyHashes.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration maxAge;
    private final OutageLog outageLog;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile long[] prefixes; // null: never loaded, everything may exist
    private volatile Instant lastAttempt = Instant.MIN;

    private PostgresKeyHashes(DataSource dataSource, Clock clock, Duration maxAge) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxAge = maxAge;
        this.outageLog = new OutageLog(LOG, clock, Duration.ofMinutes(1));
    }

    /** Loads the hashes now (if the database answers), reloading at least every minute. */
    public static PostgresKeyHashes load(DataSource dataSource, Clock clock) {
        return load(dataSource, clock, Duration.ofMinutes(1));
    }

    public static PostgresKeyHashes load(DataSource dataSource, Clock clock, Duration maxAge) {
        PostgresKeyHashes hashes = new PostgresKeyHashes(dataSource, clock, maxAge);
        hashes.refresh();
        return hashes;
    }

    @Override
    public boolean mayExist(ApiKeyHash hash) {
        if (clock.instant().isAfter(lastAttempt.plus(maxAge)) && loading.tryLock()) {
            try {
                reload();
            } finally {
                loading.unlock();
            }
        }
        long[] known = prefixes;
        return known == null || Arrays.binarySearch(known, prefix(hash)) >= 0;
    }

    @Override
    public void refresh() {
        loading.lock();
        try {
            reload();
        } finally {
            loading.unlock();
        }
    }

    /** How many hashes are held (for tests and metrics); -1 before the first load. */
    public int size() {
        long[] known = prefixes;
        return known == null ? -1 : known.length;
    }

    private void reload() {
        lastAttempt = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT substring(api_key_sha256 FROM 1 FOR 8) FROM qiuth_keys "
                        + "UNION ALL SELECT substring(previous_api_key_sha256 FROM 1 FOR 8) FROM qiuth_keys "
                        + "WHERE previous_api_key_sha256 IS NOT NULL");
                ResultSet rs = st.executeQuery()) {
            long[] loaded = new long[64];
            int n = 0;
            while (rs.next()) {
                if (n == loaded.length) {
                    loaded = Arrays.copyOf(loaded, n * 2);
                }
                loaded[n++] = toLong(rs.getBytes(1));
            }
            long[] sorted = Arrays.copyOf(loaded, n);
            Arrays.sort(sorted);
            prefixes = sorted;
        } catch (SQLException e) {
            outageLog.failed("loading the key hashes", e);
        }
    }

    private static long prefix(ApiKeyHash hash) {
        return Long.parseUnsignedLong(hash.hex(), 0, 16, 16);
    }

    private static long toLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }
}
