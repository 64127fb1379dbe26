package dev.qiuth.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryReplayGuardTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static byte[] fingerprint(long n) {
        return ByteBuffer.allocate(32).putLong(n).array();
    }

    @Test
    void retiresExpiredEntriesAsNewOnesArriveSoTheMapStaysNearItsLiveSize() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(1_000_000);
        for (int i = 0; i < 1000; i++) {
            guard.firstUse(fingerprint(i), NOW.plusSeconds(1), NOW);
        }
        Instant later = NOW.plusSeconds(2);
        for (int i = 1000; i < 2000; i++) {
            assertThat(guard.firstUse(fingerprint(i), later.plusSeconds(1), later)).isTrue();
        }
        assertThat(guard.size()).isEqualTo(1000);
    }

    @Test
    void threadsRetiringTheSameHeadsTogetherStillRetireTheExpiredEntriesAndForgetNoLiveOne() throws Exception {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(1_000_000);
        int threads = 4;
        int total = 200_000;
        // one clock for all threads, as in a server: it moves a millisecond every 4 requests
        AtomicLong requests = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long n;
                while ((n = requests.getAndIncrement()) < total) {
                    Instant now = NOW.plusMillis(n / 4);
                    guard.firstUse(fingerprint(n), now.plusMillis(20), now); // each lives 20 ms
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join(Duration.ofMinutes(1).toMillis());
        }
        // about 80 live entries; far fewer than the 200,000 seen
        assertThat(guard.size()).isLessThan(2_000);
        Instant end = NOW.plusMillis((total - 1) / 4);
        for (long n = total - 8; n < total; n++) {
            assertThat(guard.firstUse(fingerprint(n), end.plusMillis(20), end)).as("live entry %d", n).isFalse();
        }
    }

    @Test
    void answersAsAMapOfEveryFingerprintToItsWindowWouldUnderRandomUse() {
        // the reference: a plain map, never retiring anything; the guard must answer every call as it does
        Map<Long, Long> reference = new HashMap<>();
        InMemoryReplayGuard guard = new InMemoryReplayGuard(1_000_000);
        Random random = new Random(20261203);
        long nowMs = NOW.toEpochMilli();
        for (int i = 0; i < 300_000; i++) {
            nowMs += random.nextInt(3); // 0-2 ms a call: windows end while others are still live
            long id = random.nextInt(20_000); // a small pool, so that replays and reuses after expiry happen
            long untilMs = nowMs + 1 + random.nextInt(2_000);
            Long known = reference.get(id);
            boolean expected = known == null || known < nowMs;
            if (expected) {
                reference.put(id, untilMs);
            }
            byte[] fp = ByteBuffer.allocate(32).putLong(8, id * 0x9E3779B97F4A7C15L).putLong(24, id).array();
            assertThat(guard.firstUse(fp, Instant.ofEpochMilli(untilMs), Instant.ofEpochMilli(nowMs)))
                    .as("call %d, fingerprint %d", i, id).isEqualTo(expected);
        }
        long end = nowMs;
        long live = reference.values().stream().filter(u -> u >= end).count();
        // held: the live ones, and expired ones not yet retired behind a live head
        assertThat((long) guard.size()).isBetween(live, (long) reference.size());
    }

    @Test
    void growsPastItsFirstArraysAndForgetsNothingLive() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(1_000_000);
        for (long i = 0; i < 100_000; i++) {
            assertThat(guard.firstUse(fingerprint(i), NOW.plusSeconds(300), NOW)).isTrue();
        }
        assertThat(guard.size()).isEqualTo(100_000);
        for (long i = 0; i < 100_000; i++) {
            assertThat(guard.firstUse(fingerprint(i), NOW.plusSeconds(300), NOW)).as("replay %d", i).isFalse();
        }
    }

    @Test
    void fingerprintsThatDifferOnlyInTheirFirstBytesStillSpreadOverTheIndex() {
        // a counter written little-endian into the first 8 bytes, the rest fixed: the index must
        // not pile such keys into one run, or every insert would probe thousands of slots
        InMemoryReplayGuard guard = new InMemoryReplayGuard(1_000_000);
        byte[] fp = new byte[32];
        Arrays.fill(fp, (byte) 0x5a);
        for (long c = 0; c < 50_000; c++) {
            for (int i = 0; i < 8; i++) {
                fp[i] = (byte) (c >>> (8 * i));
            }
            assertThat(guard.firstUse(fp, NOW.plusSeconds(300), NOW)).isTrue();
        }
        assertThat(guard.longestProbeRun()).isLessThan(64);
    }

    @Test
    void fingerprintsWhoseHashesShareTheIndexedBitsAreStillToldApart() {
        // the index keeps 32 bits of each hash; fingerprints made to share them, with 1,000
        // others between, must each be accepted once and refused after, whatever order they retire in
        InMemoryReplayGuard guard = new InMemoryReplayGuard(1_000_000);
        long shared = 0x2545f491L;
        List<byte[]> twins = new ArrayList<>();
        for (long high = 1; high <= 8; high++) {
            twins.add(fingerprint(keyHashingTo((high << 32) | shared)));
        }
        for (int i = 0; i < twins.size(); i++) {
            assertThat(guard.firstUse(twins.get(i), NOW.plusSeconds(10 + i), NOW)).isTrue();
        }
        assertThat(guard.longestProbeRun()).as("the twins share one home slot").isGreaterThanOrEqualTo(twins.size());
        for (int n = 0; n < 1000; n++) {
            assertThat(guard.firstUse(fingerprint(1_000_000 + n), NOW.plusSeconds(100), NOW)).isTrue();
        }
        for (byte[] twin : twins) {
            assertThat(guard.firstUse(twin, NOW.plusSeconds(300), NOW)).isFalse();
        }
        // the first four windows end: those twins leave the index, the others stay refused
        Instant later = NOW.plusSeconds(14);
        for (int i = 0; i < twins.size(); i++) {
            assertThat(guard.firstUse(twins.get(i), NOW.plusSeconds(300), later)).isEqualTo(i < 4);
        }
        assertThat(guard.size()).isEqualTo(1008);
    }

    /** The 64-bit key whose hash in the guard (MurmurHash3's finalizer) is {@code hash}: the finalizer undone. */
    private static long keyHashingTo(long hash) {
        long h = hash ^ (hash >>> 33); // a shift of 33 or more undoes itself
        h *= inverse(0xc4ceb9fe1a85ec53L);
        h ^= h >>> 33;
        h *= inverse(0xff51afd7ed558ccdL);
        return h ^ (h >>> 33);
    }

    /** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
    private static long inverse(long odd) {
        long x = odd; // right in the lowest 3 bits; each step doubles the correct bits
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    @Test
    void refusesAFingerprintThatIsNotA32ByteDigest() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> guard.firstUse(new byte[16], NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32-byte");
    }

    @Test
    void acceptsAFingerprintOnce() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(10);
        assertThat(guard.firstUse(fingerprint(1), NOW.plusSeconds(60), NOW)).isTrue();
        assertThat(guard.firstUse(fingerprint(1), NOW.plusSeconds(60), NOW)).isFalse();
        assertThat(guard.firstUse(fingerprint(2), NOW.plusSeconds(60), NOW)).isTrue();
    }

    @Test
    void remembersUntilTheLastMillisecondOfTheWindow() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(10);
        Instant until = NOW.plusSeconds(60);
        guard.firstUse(fingerprint(1), until, NOW);
        assertThat(guard.firstUse(fingerprint(1), until, until)).isFalse();
        assertThat(guard.firstUse(fingerprint(1), until.plusSeconds(60), until.plusMillis(1))).isTrue();
    }

    @Test
    void keepsItsOwnCopyOfTheFingerprint() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(10);
        byte[] fp = fingerprint(1);
        guard.firstUse(fp, NOW.plusSeconds(60), NOW);
        fp[0] = 9;
        assertThat(guard.firstUse(fingerprint(1), NOW.plusSeconds(60), NOW)).isFalse();
    }

    @Test
    void staysBoundedUnderAFloodAndFailsClosedWhenFullOfLiveEntries() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(100);
        int accepted = 0;
        int refused = 0;
        for (long i = 0; i < 10_000; i++) {
            try {
                assertThat(guard.firstUse(fingerprint(i), NOW.plusSeconds(300), NOW)).isTrue();
                accepted++;
            } catch (StoreUnavailableException full) {
                assertThat(full).hasMessage("in-memory replay guard is full (100 entries)");
                refused++;
            }
            assertThat(guard.size()).isLessThanOrEqualTo(100);
        }
        assertThat(accepted).isEqualTo(100);
        assertThat(refused).isEqualTo(9_900);
    }

    @Test
    void aFullGuardStillRefusesReplaysRatherThanForgettingThem() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(3);
        for (long i = 0; i < 3; i++) {
            guard.firstUse(fingerprint(i), NOW.plusSeconds(300), NOW);
        }
        // the replay of a remembered request is never answered "first use"
        assertThatThrownBy(() -> guard.firstUse(fingerprint(0), NOW.plusSeconds(300), NOW))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void recoversWhenTheEntriesExpire() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(50);
        for (long i = 0; i < 50; i++) {
            guard.firstUse(fingerprint(i), NOW.plusSeconds(300), NOW);
        }
        assertThatThrownBy(() -> guard.firstUse(fingerprint(99), NOW.plusSeconds(300), NOW))
                .isInstanceOf(StoreUnavailableException.class);
        Instant later = NOW.plus(Duration.ofSeconds(301));
        for (long i = 100; i < 150; i++) {
            assertThat(guard.firstUse(fingerprint(i), later.plusSeconds(300), later)).isTrue();
        }
        // the expired entries made room as the new ones came: none of the old is left
        assertThat(guard.size()).isEqualTo(50);
    }

    @Test
    void sweepsOnlyTheExpiredEntries() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(4);
        guard.firstUse(fingerprint(1), NOW.plusSeconds(10), NOW);
        guard.firstUse(fingerprint(2), NOW.plusSeconds(10), NOW);
        guard.firstUse(fingerprint(3), NOW.plusSeconds(600), NOW);
        guard.firstUse(fingerprint(4), NOW.plusSeconds(600), NOW);
        Instant later = NOW.plusSeconds(11);
        assertThat(guard.firstUse(fingerprint(5), later.plusSeconds(600), later)).isTrue();
        assertThat(guard.size()).isEqualTo(3);
        assertThat(guard.firstUse(fingerprint(3), later.plusSeconds(600), later)).isFalse();
    }

    @Test
    void aFloodOfRequestsWhileFullDoesNotSweepOnEveryRequest() {
        // sweeping a full map costs its size; while the entries are live it is done at most once a second.
        // The long-lived entry comes first, so retiring expired entries from the head does not help.
        InMemoryReplayGuard guard = new InMemoryReplayGuard(2);
        guard.firstUse(fingerprint(2), NOW.plusSeconds(600), NOW);
        guard.firstUse(fingerprint(1), NOW.plusMillis(500), NOW);
        assertThatThrownBy(() -> guard.firstUse(fingerprint(3), NOW.plusSeconds(600), NOW))
                .isInstanceOf(StoreUnavailableException.class);
        // 600 ms later entry 1 has expired, but the last sweep was under a second ago
        Instant soon = NOW.plusMillis(600);
        assertThatThrownBy(() -> guard.firstUse(fingerprint(3), soon.plusSeconds(600), soon))
                .isInstanceOf(StoreUnavailableException.class);
        Instant second = NOW.plusMillis(1000);
        assertThat(guard.firstUse(fingerprint(3), second.plusSeconds(600), second)).isTrue();
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new InMemoryReplayGuard(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
