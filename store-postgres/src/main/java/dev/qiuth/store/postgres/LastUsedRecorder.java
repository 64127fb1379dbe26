package dev.qiuth.store.postgres;

import dev.qiuth.KeyPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code last_used_at} roughly current without touching the request path: {@link #record}
 * only notes the key in memory, at most once per {@code resolution} per key, and
 * {@link #flush()} writes what was noted in one statement. {@link #start} runs the flush on a
 * schedule; a failed flush keeps the notes for the next one.
 *
 * <pre>{@code
 * LastUsedRecorder lastUsed = LastUsedRecorder.start(pool, Clock.systemUTC(), Duration.ofSeconds(30));
 * CachingKeyStore cache = CachingKeyStore.builder(store).onFound(lastUsed::record).build();
 * }</pre>
 */
public final class LastUsedRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LastUsedRecorder.class);
    /** A key's last use is written at most this often. */
    public static final Duration RESOLUTION = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final OutageLog outageLog;
    private final Map<String, Instant> noted = new ConcurrentHashMap<>();
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    private LastUsedRecorder(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.outageLog = new OutageLog(LOG, clock, Duration.ofMinutes(1));
    }

    /** A recorder that writes only when {@link #flush()} is called. */
    public static LastUsedRecorder manual(DataSource dataSource, Clock clock) {
        return new LastUsedRecorder(dataSource, clock);
    }

    /** A recorder that flushes every {@code period} on its own daemon thread. */
    public static LastUsedRecorder start(DataSource dataSource, Clock clock, Duration period) {
        LastUsedRecorder recorder = new LastUsedRecorder(dataSource, clock);
        recorder.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qiuth-last-used");
            t.setDaemon(true);
            return t;
        });
        recorder.scheduler.scheduleWithFixedDelay(recorder::flush, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return recorder;
    }

    /** Notes that the key was used now; cheap, never blocks on the database. */
    public void record(KeyPolicy policy) {
        Instant now = clock.instant();
        Instant last = noted.get(policy.id());
        if (last != null && now.isBefore(last.plus(RESOLUTION))) {
            return;
        }
        noted.put(policy.id(), now);
        pending.put(policy.id(), now);
    }

    /**
     * Writes every noted use in one statement.
     *
     * @return how many keys were written; 0 also when the database did not answer (kept for later)
     */
    public synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<String, Instant> batch = Map.copyOf(pending);
        String[] ids = batch.keySet().toArray(String[]::new);
        String[] times = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            times[i] = batch.get(ids[i]).toString();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE qiuth_keys k SET last_used_at = u.used_at FROM unnest(?::text[], ?::timestamptz[]) AS u(id, used_at) "
                        + "WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)")) {
            st.setArray(1, c.createArrayOf("text", ids));
            st.setArray(2, c.createArrayOf("text", times));
            st.executeUpdate();
        } catch (SQLException e) {
            outageLog.failed("writing last_used_at", e);
            return 0;
        }
        batch.forEach(pending::remove);
        return ids.length;
    }

    /** Stops the schedule and writes what is left. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
        }
        flush();
    }
}
