package dev.qiuth.replay;

import dev.qiuth.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Fingerprints held in this JVM until their window ends, at most {@code capacity} of them.
 *
 * <p>The entries live in two growable primitive arrays, no object per request: a ring in
 * arrival order (64 bits of the fingerprint and its end, 16 bytes) and an open-addressing index
 * into it (4 bytes a slot, at most half full), so a million fingerprints take about 24–48 MB and
 * give the garbage collector nothing to trace or copy. Windows end nearly in arrival order, so
 * each call retires the expired entries at the head of the ring. Memory stays bounded under a
 * flood of distinct requests: when {@code capacity} entries are held, every expired entry is
 * swept (at most once a second); if it is still full, new requests are refused with 503 (fail
 * closed) rather than forgetting fingerprints, which would let a replay through.
 *
 * <p>64 of the digest's 256 bits are kept: two distinct requests share them with probability
 * 2<sup>-64</sup>, which would refuse the second one; a replay always has the same bits, so it is
 * never accepted. One lock guards it all, held for a few dozen nanoseconds per call.
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    public static final int DEFAULT_CAPACITY = 1_000_000;
    private static final int INITIAL_RING = 1 << 10;

    private final int capacity;
    /** Arrival order: {@code ringKeys[i]} was first used until {@code ringUntil[i]}; 0 marks a superseded slot. */
    private long[] ringKeys = new long[INITIAL_RING];
    private long[] ringUntil = new long[INITIAL_RING];
    private int head;
    private int used; // ring slots from head, superseded ones included
    /** Open addressing, linear probing: ring position + 1, or 0 for an empty slot. */
    private int[] index = new int[INITIAL_RING * 2];
    private int held; // entries in the index: the size
    private long lastSweepMs = Long.MIN_VALUE;

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
        long key = keyOf(fingerprint);
        long untilMs = Math.max(1, until.toEpochMilli()); // 0 marks a superseded ring slot
        long nowMs = now.toEpochMilli();
        synchronized (this) {
            retireExpired(nowMs);
            if (held >= capacity) {
                sweep(nowMs);
                if (held >= capacity) {
                    throw new StoreUnavailableException("in-memory replay guard is full (" + capacity + " entries)");
                }
            }
            int slot = find(key);
            if (slot >= 0) {
                int at = index[slot] - 1;
                if (ringUntil[at] >= nowMs) {
                    return false;
                }
                // seen before, but its window ended: first use again, remembered from now on
                ringUntil[at] = 0;
                removeSlot(slot);
            }
            append(key, untilMs);
            return true;
        }
    }

    /** Entries held now, expired or not. */
    public synchronized int size() {
        return held;
    }

    private static long keyOf(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a replay fingerprint is a 32-byte digest");
        }
        ByteBuffer b = ByteBuffer.wrap(digest);
        return b.getLong(0) ^ b.getLong(8) ^ b.getLong(16) ^ b.getLong(24);
    }

    /** The ring's head entries whose window has ended, and the superseded slots among them. */
    private void retireExpired(long nowMs) {
        while (used > 0) {
            long u = ringUntil[head];
            if (u >= nowMs) {
                return;
            }
            if (u != 0) {
                removeSlot(find(ringKeys[head]));
            }
            head = (head + 1) & (ringKeys.length - 1);
            used--;
        }
    }

    /** Drops every expired entry, wherever it is in the ring; at most once a second while full of live ones. */
    private void sweep(long nowMs) {
        if (lastSweepMs != Long.MIN_VALUE && nowMs - lastSweepMs < 1000) {
            return;
        }
        lastSweepMs = nowMs;
        rebuild(ringKeys.length, nowMs);
    }

    private void append(long key, long untilMs) {
        if (used == ringKeys.length) {
            // full ring: superseded slots go; grow when live entries fill more than half of it
            rebuild(held * 2 > ringKeys.length ? ringKeys.length * 2 : ringKeys.length, Long.MIN_VALUE);
        }
        int at = (head + used) & (ringKeys.length - 1);
        ringKeys[at] = key;
        ringUntil[at] = untilMs;
        used++;
        insertSlot(key, at);
    }

    /** Copies the kept entries, in order, into a ring of {@code size} slots and indexes them anew. */
    private void rebuild(int size, long expiredBeforeMs) {
        long[] keys = new long[size];
        long[] untils = new long[size];
        int n = 0;
        int mask = ringKeys.length - 1;
        for (int i = 0; i < used; i++) {
            int at = (head + i) & mask;
            long u = ringUntil[at];
            if (u != 0 && u >= expiredBeforeMs) {
                keys[n] = ringKeys[at];
                untils[n] = u;
                n++;
            }
        }
        ringKeys = keys;
        ringUntil = untils;
        head = 0;
        used = n;
        index = new int[size * 2];
        held = 0;
        for (int i = 0; i < n; i++) {
            insertSlot(keys[i], i);
        }
    }

    /** The key's first index slot: every bit of it mixed into every bit (MurmurHash3's finalizer). */
    private int home(long key) {
        long h = key;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33)) & (index.length - 1);
    }

    /** The index slot holding this key, or -1. */
    private int find(long key) {
        int mask = index.length - 1;
        for (int s = home(key); ; s = (s + 1) & mask) {
            int entry = index[s];
            if (entry == 0) {
                return -1;
            }
            if (ringKeys[entry - 1] == key) {
                return s;
            }
        }
    }

    /** Indexes a ring position; the index has twice the ring's slots, so it is at most half full. */
    private void insertSlot(long key, int ringPosition) {
        int mask = index.length - 1;
        int s = home(key);
        while (index[s] != 0) {
            s = (s + 1) & mask;
        }
        index[s] = ringPosition + 1;
        held++;
    }

    /** Empties a slot and moves later entries of its run back, so that no lookup stops short (no tombstones). */
    private void removeSlot(int slot) {
        int mask = index.length - 1;
        int gap = slot;
        for (int s = (slot + 1) & mask; index[s] != 0; s = (s + 1) & mask) {
            int h = home(ringKeys[index[s] - 1]);
            // the entry at s may fill the gap when its home is not in (gap, s], cyclically
            if (((s - h) & mask) >= ((s - gap) & mask)) {
                index[gap] = index[s];
                gap = s;
            }
        }
        index[gap] = 0;
        held--;
    }

    /** The longest run of occupied index slots: what a lookup may have to probe. For tests. */
    synchronized int longestProbeRun() {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < index.length * 2; i++) { // twice round: a run may wrap
            run = index[i & (index.length - 1)] == 0 ? 0 : run + 1;
            longest = Math.max(longest, Math.min(run, index.length));
        }
        return longest;
    }

    @Override
    public String toString() {
        return "InMemoryReplayGuard[capacity=" + capacity + "]";
    }
}
