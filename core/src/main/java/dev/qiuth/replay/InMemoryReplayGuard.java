package dev.qiuth.replay;

import dev.qiuth.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fingerprints held in this JVM until their window ends, at most {@code capacity} of them.
 *
 * <p>Memory stays bounded under a flood of distinct requests: when the map is full, expired
 * entries are swept; if it is still full, new requests are refused with 503 (fail closed)
 * rather than forgetting fingerprints, which would let a replay through. Size the capacity for
 * the signed requests one node accepts within the longest {@code maxAge} (default 1,000,000,
 * about 120 MB at most).
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    public static final int DEFAULT_CAPACITY = 1_000_000;

    private final int capacity;
    private final Map<ByteBuffer, Long> seen = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMs = new AtomicLong(Long.MIN_VALUE);

    public InMemoryReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay guard capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    public InMemoryReplayGuard() {
        this(DEFAULT_CAPACITY);
    }

    @Override
    public boolean firstUse(byte[] fingerprint, Instant until, Instant now) {
        long nowMs = now.toEpochMilli();
        if (seen.size() >= capacity) {
            sweep(nowMs);
            if (seen.size() >= capacity) {
                throw new StoreUnavailableException("in-memory replay guard is full (" + capacity + " entries)");
            }
        }
        ByteBuffer key = ByteBuffer.wrap(fingerprint.clone());
        long untilMs = until.toEpochMilli();
        boolean[] fresh = {false};
        seen.compute(key, (k, old) -> {
            if (old == null || old < nowMs) {
                fresh[0] = true;
                return untilMs;
            }
            return old;
        });
        return fresh[0];
    }

    /** Entries held now, expired or not. */
    public int size() {
        return seen.size();
    }

    private void sweep(long nowMs) {
        long last = lastSweepMs.get();
        // a full map of live entries would otherwise be swept on every request
        if ((last != Long.MIN_VALUE && nowMs - last < 1000) || !lastSweepMs.compareAndSet(last, nowMs)) {
            return;
        }
        seen.values().removeIf(untilMs -> untilMs < nowMs);
    }
}
