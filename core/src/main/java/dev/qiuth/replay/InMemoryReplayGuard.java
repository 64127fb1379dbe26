package dev.qiuth.replay;

import dev.qiuth.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fingerprints held in this JVM until their window ends, at most {@code capacity} of them.
 *
 * <p>Expired entries are dropped as new ones arrive (each insert retires up to two expired
 * entries, oldest first), so the map stays near the number of live fingerprints. Memory stays
 * bounded under a flood of distinct requests: when the map is full, every expired entry is swept;
 * if it is still full, new requests are refused with 503 (fail closed) rather than forgetting
 * fingerprints, which would let a replay through. Size the capacity for the signed requests one
 * node accepts within the longest {@code maxAge} (default 1,000,000, about 150 MB at most).
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    public static final int DEFAULT_CAPACITY = 1_000_000;

    private final int capacity;
    private final Map<Fingerprint, Long> seen = new ConcurrentHashMap<>();
    /** Insertion order; expiry times are nearly in that order, so the head is the next to expire. */
    private final Queue<Expiry> expiries = new ConcurrentLinkedQueue<>();
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

    /** Memory only: never waits. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public boolean firstUse(byte[] fingerprint, Instant until, Instant now) {
        long nowMs = now.toEpochMilli();
        retireExpired(nowMs, 2);
        if (seen.size() >= capacity) {
            sweep(nowMs);
            if (seen.size() >= capacity) {
                throw new StoreUnavailableException("in-memory replay guard is full (" + capacity + " entries)");
            }
        }
        Fingerprint key = Fingerprint.of(fingerprint);
        Long untilMs = until.toEpochMilli();
        Long old = seen.putIfAbsent(key, untilMs);
        if (old != null && (old >= nowMs || !seen.replace(key, old, untilMs))) {
            return false;
        }
        expiries.add(new Expiry(key, untilMs));
        return true;
    }

    /** Entries held now, expired or not. */
    public int size() {
        return seen.size();
    }

    private void retireExpired(long nowMs, int atMost) {
        for (int i = 0; i < atMost; i++) {
            Expiry head = expiries.peek();
            if (head == null || head.untilMs >= nowMs || !expiries.remove(head)) {
                return;
            }
            seen.remove(head.key, head.untilMs);
        }
    }

    private void sweep(long nowMs) {
        long last = lastSweepMs.get();
        // a full map of live entries would otherwise be swept on every request
        if ((last != Long.MIN_VALUE && nowMs - last < 1000) || !lastSweepMs.compareAndSet(last, nowMs)) {
            return;
        }
        seen.values().removeIf(untilMs -> untilMs < nowMs);
        expiries.removeIf(e -> e.untilMs < nowMs);
    }

    /** A 32-byte digest as four longs: cheap to hash and compare, unlike a wrapped array. */
    private record Fingerprint(long a, long b, long c, long d) {
        static Fingerprint of(byte[] digest) {
            if (digest == null || digest.length != 32) {
                throw new IllegalArgumentException("a replay fingerprint is a 32-byte digest");
            }
            ByteBuffer bb = ByteBuffer.wrap(digest);
            return new Fingerprint(bb.getLong(0), bb.getLong(8), bb.getLong(16), bb.getLong(24));
        }
    }

    private record Expiry(Fingerprint key, long untilMs) {
    }
}
