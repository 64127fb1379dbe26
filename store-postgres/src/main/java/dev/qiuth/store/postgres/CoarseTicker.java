package dev.qiuth.store.postgres;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * {@link System#nanoTime()} read by one daemon thread every 10 ms and published in a volatile
 * field: a cache hit then costs a field read instead of a clock read, which is about as long as
 * the whole hash-map lookup. Expiry is late by 10 ms at most, nothing for TTLs of seconds.
 */
final class CoarseTicker implements Ticker {
    private static final long PERIOD_MILLIS = 10;
    private static volatile CoarseTicker instance;

    private volatile long now = System.nanoTime();

    private CoarseTicker() {
    }

    /** The one ticker of the JVM, its thread started on first use. */
    static CoarseTicker get() {
        CoarseTicker t = instance;
        if (t == null) {
            synchronized (CoarseTicker.class) {
                t = instance;
                if (t == null) {
                    t = new CoarseTicker();
                    Thread thread = new Thread(t::run, "qiuth-coarse-ticker");
                    thread.setDaemon(true);
                    thread.start();
                    instance = t;
                }
            }
        }
        return t;
    }

    private void run() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            now = System.nanoTime();
        }
    }

    @Override
    public long read() {
        return now;
    }
}
