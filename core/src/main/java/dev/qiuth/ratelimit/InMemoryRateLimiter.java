package dev.qiuth.ratelimit;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters held in this JVM, at most {@code maxBuckets} of them. When full, windows
 * that have ended are dropped first; if that is not enough, a tenth of the live counters is
 * forgotten, chosen arbitrarily, so that the next new buckets find room without another scan (a
 * limit is relaxed for those buckets; nothing is let through that the other checks refuse).
 */
public final class InMemoryRateLimiter implements RateLimiter {
    private final int maxBuckets;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public InMemoryRateLimiter(int maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be positive, got " + maxBuckets);
        }
        this.maxBuckets = maxBuckets;
    }

    public InMemoryRateLimiter() {
        this(100_000);
    }

    /** Memory only: never waits. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public long acquire(String bucket, RateLimit limit, Instant now) {
        long nowMs = now.toEpochMilli();
        long windowMs = limit.window().toMillis();
        long start = nowMs - Math.floorMod(nowMs, windowMs);
        if (windows.size() >= maxBuckets && !windows.containsKey(bucket)) {
            evict(nowMs);
        }
        Window w = windows.compute(bucket, (k, old) ->
                old == null || old.start != start ? new Window(start, windowMs, 1) : new Window(start, windowMs, old.count + 1));
        return w.count > limit.limit() ? secondsLeft(w, nowMs) : 0;
    }

    @Override
    public long blockedFor(String bucket, RateLimit limit, Instant now) {
        Window w = windows.get(bucket);
        long nowMs = now.toEpochMilli();
        if (w == null || nowMs >= w.start + w.length || w.count < limit.limit()) {
            return 0;
        }
        return secondsLeft(w, nowMs);
    }

    /** How many buckets are held now. */
    public int size() {
        return windows.size();
    }

    private static long secondsLeft(Window w, long nowMs) {
        long ms = w.start + w.length - nowMs;
        return Math.max(1, (ms + 999) / 1000);
    }

    private synchronized void evict(long nowMs) {
        windows.values().removeIf(w -> nowMs >= w.start + w.length);
        if (windows.size() < maxBuckets) {
            return;
        }
        int target = maxBuckets - Math.max(1, maxBuckets / 10);
        Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
        while (windows.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private record Window(long start, long length, int count) {
    }
}
