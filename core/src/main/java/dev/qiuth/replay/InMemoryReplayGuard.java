package dev.qiuth.replay;

import dev.qiuth.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Fingerprints held in this JVM until their window ends, at most {@code capacity} of them.
 *
 * <p>The entries live in growable primitive arrays, no object per request: a ring in arrival
 * order (a 64-bit hash of the fingerprint and the end of its window, 16 bytes) and an
 * open-addressing index into it (8 bytes a slot, at most half full), so a million fingerprints
 * take 32–64 MB and give the garbage collector nothing to trace or copy. An index slot holds the
 * ring position and 32 bits of the hash, from which its home slot follows: a lookup and the
 * shifting of a deletion compare within the index, and read the ring only on a match, so a busy
 * guard, far larger than the CPU's caches, costs about one cache miss per lookup. Windows end
 * nearly in arrival order, so each call retires the expired entries at the head of the ring.
 * Memory stays bounded under a flood of distinct requests: when {@code capacity} entries are
 * held, every expired entry is swept (at most once a second); if it is still full, new requests
 * are refused with 503 (fail closed) rather than forgetting fingerprints, which would let a
 * replay through.
 *
 * <p>64 of the digest's 256 bits are kept: two distinct requests share them with probability
 * 2<sup>-64</sup>, which would refuse the second one; a replay always has the same bits, so it is
 * never accepted. One lock guards it all, held for a few dozen nanoseconds per call.
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    public static final int DEFAULT_CAPACITY = 1_000_000;
    private static final int INITIAL_RING = 1 << 10;

    private final int capacity;
    /** Arrival order: {@code ringHashes[i]} was first used until {@code ringUntil[i]}; 0 marks a superseded slot. */
    private long[] ringHashes = new long[INITIAL_RING];
    private long[] ringUntil = new long[INITIAL_RING];
    private int head;
    private int used; // ring slots from head, superseded ones included
    /**
     * Open addressing, linear probing, twice the ring's slots: the low 32 bits of the entry's hash
     * in the high half, its ring position + 1 in the low half; 0 for an empty slot.
     */
    private long[] index = new long[INITIAL_RING * 2];
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
        long hash = hashOf(fingerprint);
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
            int slot = find(hash);
            if (slot >= 0) {
                int at = positionIn(index[slot]);
                if (ringUntil[at] >= nowMs) {
                    return false;
                }
                // seen before, but its window ended: first use again, remembered from now on
                ringUntil[at] = 0;
                removeSlot(slot);
            }
            append(hash, untilMs);
            return true;
        }
    }

    /** Entries held now, expired or not. */
    public synchronized int size() {
        return held;
    }

    /**
     * 64 bits of the digest, every one of them mixed into every bit of the result (MurmurHash3's
     * finalizer, a bijection: distinct 64-bit keys keep distinct hashes), so that any 32 of them
     * spread keys evenly over the index, however the fingerprints were made.
     */
    private static long hashOf(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a replay fingerprint is a 32-byte digest");
        }
        ByteBuffer b = ByteBuffer.wrap(digest);
        long h = b.getLong(0) ^ b.getLong(8) ^ b.getLong(16) ^ b.getLong(24);
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long slotEntry(long hash, int ringPosition) {
        return (hash << 32) | (ringPosition + 1);
    }

    private static int positionIn(long entry) {
        return (int) entry - 1;
    }

    /** An entry's home slot, from the hash bits it holds. */
    private int homeOf(long entry) {
        return (int) (entry >>> 32) & (index.length - 1);
    }

    /** The ring's head entries whose window has ended, and the superseded slots among them. */
    private void retireExpired(long nowMs) {
        while (used > 0) {
            long u = ringUntil[head];
            if (u >= nowMs) {
                return;
            }
            if (u != 0) {
                removeSlot(slotOf(ringHashes[head], head));
            }
            head = (head + 1) & (ringHashes.length - 1);
            used--;
        }
    }

    /** Drops every expired entry, wherever it is in the ring; at most once a second while full of live ones. */
    private void sweep(long nowMs) {
        if (lastSweepMs != Long.MIN_VALUE && nowMs - lastSweepMs < 1000) {
            return;
        }
        lastSweepMs = nowMs;
        rebuild(ringHashes.length, nowMs);
    }

    private void append(long hash, long untilMs) {
        if (used == ringHashes.length) {
            // full ring: superseded slots go; grow when live entries fill more than half of it
            rebuild(held * 2 > ringHashes.length ? ringHashes.length * 2 : ringHashes.length, Long.MIN_VALUE);
        }
        int at = (head + used) & (ringHashes.length - 1);
        ringHashes[at] = hash;
        ringUntil[at] = untilMs;
        used++;
        insertSlot(hash, at);
    }

    /** Copies the kept entries, in order, into a ring of {@code size} slots and indexes them anew. */
    private void rebuild(int size, long expiredBeforeMs) {
        long[] hashes = new long[size];
        long[] untils = new long[size];
        int n = 0;
        int mask = ringHashes.length - 1;
        for (int i = 0; i < used; i++) {
            int at = (head + i) & mask;
            long u = ringUntil[at];
            if (u != 0 && u >= expiredBeforeMs) {
                hashes[n] = ringHashes[at];
                untils[n] = u;
                n++;
            }
        }
        ringHashes = hashes;
        ringUntil = untils;
        head = 0;
        used = n;
        index = new long[size * 2];
        held = 0;
        for (int i = 0; i < n; i++) {
            insertSlot(hashes[i], i);
        }
    }

    /** The index slot of this hash, or -1; the ring is read only where the stored 32 bits match. */
    private int find(long hash) {
        int mask = index.length - 1;
        long bits = hash << 32;
        for (int s = (int) hash & mask; ; s = (s + 1) & mask) {
            long entry = index[s];
            if (entry == 0) {
                return -1;
            }
            if ((entry & 0xffffffff00000000L) == bits && ringHashes[positionIn(entry)] == hash) {
                return s;
            }
        }
    }

    /** The index slot pointing at this ring position, whose entry has this hash. */
    private int slotOf(long hash, int ringPosition) {
        int mask = index.length - 1;
        long wanted = slotEntry(hash, ringPosition);
        int s = (int) hash & mask;
        while (index[s] != wanted) {
            s = (s + 1) & mask;
        }
        return s;
    }

    /** Indexes a ring position; the index has twice the ring's slots, so it is at most half full. */
    private void insertSlot(long hash, int ringPosition) {
        int mask = index.length - 1;
        int s = (int) hash & mask;
        while (index[s] != 0) {
            s = (s + 1) & mask;
        }
        index[s] = slotEntry(hash, ringPosition);
        held++;
    }

    /** Empties a slot and moves later entries of its run back, so that no lookup stops short (no tombstones). */
    private void removeSlot(int slot) {
        int mask = index.length - 1;
        int gap = slot;
        for (int s = (slot + 1) & mask; index[s] != 0; s = (s + 1) & mask) {
            int h = homeOf(index[s]);
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
