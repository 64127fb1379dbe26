package dev.qiuth.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per node that LISTENs on {@value PostgresKeyAdmin#CHANNEL} and drops what a change
 * made stale in the local {@link CachingKeyStore}: the changed key (under its current and previous
 * API key alike), and on an added key or a started rotation every hash remembered as unknown. It holds one connection of the data source for as long as it runs.
 *
 * <p>When the connection is lost the cache falls back to its TTL; the thread reconnects by itself
 * with a growing pause (up to {@code maxBackoff}) and, once back, invalidates everything, since
 * notices sent meanwhile are lost.
 *
 * <pre>{@code
 * KeyChangeListener listener = KeyChangeListener.start(pool, cache);
 * ...
 * listener.close();
 * }</pre>
 */
public final class KeyChangeListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyChangeListener.class);
    private static final int POLL_MILLIS = 250;

    private final DataSource dataSource;
    private final CachingKeyStore cache;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Thread thread;
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean running = true;
    private volatile Connection current;

    private KeyChangeListener(DataSource dataSource, CachingKeyStore cache, Duration minBackoff, Duration maxBackoff) {
        this.dataSource = dataSource;
        this.cache = cache;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.thread = new Thread(this::run, "qiuth-key-changes");
        this.thread.setDaemon(true);
    }

    /** Starts listening, reconnecting after 100 ms at first and every 5 s at most. */
    public static KeyChangeListener start(DataSource dataSource, CachingKeyStore cache) {
        return start(dataSource, cache, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    public static KeyChangeListener start(DataSource dataSource, CachingKeyStore cache, Duration minBackoff,
            Duration maxBackoff) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(cache, "cache");
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive with max >= min, got " + minBackoff + ".."
                    + maxBackoff);
        }
        KeyChangeListener listener = new KeyChangeListener(dataSource, cache, minBackoff, maxBackoff);
        listener.thread.start();
        return listener;
    }

    /** Whether it is listening now; while false, the cache relies on its TTL. */
    public boolean connected() {
        return connected;
    }

    /** How many times it has connected (1 after the first; more after reconnects). */
    public long connects() {
        return connects.get();
    }

    private void run() {
        long backoff = minBackoff.toMillis();
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                current = c;
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + PostgresKeyAdmin.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (connects.incrementAndGet() > 1) {
                    LOG.info("key change listener reconnected; the key cache is cleared, notices may have been missed");
                }
                // whatever changed while nobody listened is unknown: start over
                cache.invalidateAll();
                connected = true;
                backoff = minBackoff.toMillis();
                while (running) {
                    PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            apply(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (connected) {
                    LOG.warn("key change listener lost its connection ({}, SQLState {}); caches fall back to their TTL "
                            + "until it reconnects", e.getClass().getSimpleName(),
                            e instanceof SQLException s ? s.getSQLState() : "-");
                }
            } finally {
                connected = false;
                current = null;
            }
            if (running) {
                pause(backoff);
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
    }

    private void apply(String payload) {
        int colon = payload.indexOf(':');
        String change = colon < 0 ? "" : payload.substring(0, colon);
        String id = colon < 0 ? "" : payload.substring(colon + 1);
        switch (change) {
            // a new key, or a rotation bringing in a new API key: hashes remembered as unknown may exist now
            case "add", "rotate" -> {
                cache.invalidate(id);
                cache.invalidateUnknown();
            }
            case "update", "revoke" -> cache.invalidate(id);
            // a change this version does not know (a later rotation notice): be safe
            default -> cache.invalidateAll();
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the thread and returns its connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
