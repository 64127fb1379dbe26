package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache over the in-memory store, counting what reaches the store; time moves by a clock. */
class CachingKeyStoreTest {
    private final MutableClock clock = MutableClock.standard();
    private final InMemoryKeyStore memory = new InMemoryKeyStore();
    private final AtomicInteger lookups = new AtomicInteger();
    private final KeyStore counted = hash -> {
        lookups.incrementAndGet();
        return memory.findByHash(hash);
    };
    private final CachingKeyStore cache = CachingKeyStore.builder(counted).ttl(Duration.ofMinutes(10))
            .negativeTtl(Duration.ofSeconds(30)).maxUnknown(100).clock(clock).build();

    private KeyPolicy put(String id) {
        KeyPolicy p = KeyPolicy.builder().id(id).apiKey(TestKeys.apiKey()).build();
        memory.put(p);
        return p;
    }

    @Test
    void aFoundKeyIsServedFromTheCacheUntilItsTtl() {
        KeyPolicy p = put("a");

        assertThat(cache.findByHash(p.keyHash())).contains(p);
        assertThat(cache.findByHash(p.keyHash())).contains(p);
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        cache.findByHash(p.keyHash());
        assertThat(lookups).hasValue(1);
        clock.advance(Duration.ofSeconds(2));
        cache.findByHash(p.keyHash());
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anUnknownHashIsRememberedBrieflyAndForgottenWhenAKeyIsAdded() {
        ApiKeyHash unknown = ApiKeyHash.of(TestKeys.apiKey());
        assertThat(cache.findByHash(unknown)).isEmpty();
        assertThat(cache.findByHash(unknown)).isEmpty();
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofSeconds(31));
        assertThat(cache.findByHash(unknown)).isEmpty();
        assertThat(lookups).hasValue(2);

        KeyPolicy added = KeyPolicy.builder().id("new").apiKeyHash(unknown).build();
        memory.put(added);
        assertThat(cache.findByHash(unknown)).isEmpty(); // still remembered as unknown
        cache.invalidateUnknown();
        assertThat(cache.findByHash(unknown)).contains(added);
    }

    @Test
    void invalidatingAnIdDropsOnlyThatKey() {
        KeyPolicy a = put("a");
        KeyPolicy b = put("b");
        cache.findByHash(a.keyHash());
        cache.findByHash(b.keyHash());
        KeyPolicy revoked = a.toBuilder().revoked(true).build();
        memory.put(revoked);

        cache.invalidate("a");

        assertThat(cache.findByHash(a.keyHash())).contains(revoked);
        assertThat(cache.findByHash(b.keyHash())).contains(b);
        assertThat(lookups).hasValue(3);
        cache.invalidateAll();
        assertThat(cache.cachedKeys()).isZero();
    }

    @Test
    void theSizeIsBounded() {
        CachingKeyStore small = CachingKeyStore.builder(counted).maxSize(10).clock(clock).build();
        for (int i = 0; i < 100; i++) {
            small.findByHash(put("k" + i).keyHash());
        }
        assertThat(small.cachedKeys()).isLessThanOrEqualTo(10);
    }

    /**
     * Caffeine's eviction policy hears of a key's hits at most once per tick: a key in steady use
     * must still stay cached while keys used once stream through.
     */
    @Test
    void aKeyInSteadyUseStaysCachedWhileKeysUsedOnceStreamThrough() {
        CachingKeyStore small = CachingKeyStore.builder(counted).maxSize(10).clock(clock).build();
        KeyPolicy hot = put("hot");
        for (int i = 0; i < 2_000; i++) {
            small.findByHash(hot.keyHash());
        }
        for (int i = 0; i < 500; i++) {
            small.findByHash(put("once" + i).keyHash());
            small.findByHash(hot.keyHash());
            clock.advance(Duration.ofMillis(1));
        }
        int before = lookups.get();
        small.findByHash(hot.keyHash());
        assertThat(lookups.get()).as("lookups the hot key's last hit made in the store").isEqualTo(before);
        assertThat(small.cachedKeys()).isLessThanOrEqualTo(10);
    }

    @Test
    void aFailedLookupIsNotCachedAndPassesThrough() {
        KeyPolicy p = put("a");
        AtomicInteger failures = new AtomicInteger(1);
        KeyStore flaky = hash -> {
            if (failures.getAndDecrement() > 0) {
                throw new dev.qiuth.StoreUnavailableException("down");
            }
            return memory.findByHash(hash);
        };
        CachingKeyStore c = CachingKeyStore.builder(flaky).clock(clock).build();

        assertThatThrownBy(() -> c.findByHash(p.keyHash())).isInstanceOf(dev.qiuth.StoreUnavailableException.class);
        assertThat(c.findByHash(p.keyHash())).contains(p);
    }

    @Test
    void aLookupOverlappingAnInvalidationDoesNotCacheItsStaleAnswer() {
        KeyPolicy p = put("a");
        List<CachingKeyStore> self = new ArrayList<>();
        KeyStore racing = hash -> {
            Optional<KeyPolicy> answer = memory.findByHash(hash);
            self.get(0).invalidate("a"); // the notice arrives while the answer is on its way
            return answer;
        };
        CachingKeyStore c = CachingKeyStore.builder(racing).clock(clock).build();
        self.add(c);

        c.findByHash(p.keyHash());

        assertThat(c.cachedKeys()).isZero();
    }

    @Test
    void onFoundSeesCachedAndUncachedHitsOncePerTick() {
        List<String> seen = new ArrayList<>();
        CachingKeyStore c = CachingKeyStore.builder(counted).clock(clock).onFound(k -> seen.add(k.id())).build();
        KeyPolicy p = put("a");
        c.findByHash(p.keyHash()); // found in the store: told
        c.findByHash(p.keyHash()); // a hit at the same tick: not told again
        assertThat(seen).containsExactly("a");

        clock.advance(Duration.ofMillis(10));
        c.findByHash(p.keyHash()); // a hit at a later tick: told
        c.findByHash(p.keyHash());
        c.findByHash(ApiKeyHash.of(TestKeys.apiKey())); // unknown: not told
        assertThat(seen).containsExactly("a", "a");
    }

    @Test
    void aHitSeenAtOneTickStillExpiresAtItsTtl() {
        KeyPolicy p = put("a");
        cache.findByHash(p.keyHash());
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(cache.findByHash(p.keyHash())).isPresent(); // seen at this tick
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(cache.findByHash(p.keyHash())).isPresent();
        assertThat(lookups).as("expired at its TTL: asked again").hasValue(2);
    }

    @Test
    void theBuilderRefusesNonPositiveValuesNamingThem() {
        assertThatThrownBy(() -> CachingKeyStore.builder(counted).ttl(Duration.ZERO).build())
                .hasMessageContaining("ttl must be positive");
        assertThatThrownBy(() -> CachingKeyStore.builder(counted).negativeTtl(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("negativeTtl");
        assertThatThrownBy(() -> CachingKeyStore.builder(counted).maxSize(0).build()).hasMessageContaining("maxSize=0");
    }
}
