package dev.qiuth.store.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.store.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A cache in front of any {@link KeyStore}: found keys for a while ({@code ttl}), unknown hashes
 * for a shorter while ({@code negativeTtl}), both bounded in size. While the store is down a
 * cached key keeps working until its entry expires; an uncached one gets the store's
 * {@link StoreUnavailableException} (503). Nothing is cached from a failed lookup.
 *
 * <p>Changes reach it through {@link #invalidate(String)}, {@link #invalidateUnknown()} and
 * {@link #invalidateAll()}, which the {@link KeyChangeListener} calls on every node. An
 * optional {@link KeyHashFilter} answers "unknown" for hashes the store surely lacks, so a
 * flood of random keys does not become a flood of queries.
 *
 * <pre>{@code
 * CachingKeyStore cache = CachingKeyStore.builder(postgresStore)
 *         .ttl(Duration.ofMinutes(10)).negativeTtl(Duration.ofSeconds(30)).build();
 * Qiuth qiuth = Qiuth.builder().keyStore(cache, blockingExecutor).build();
 * }</pre>
 */
public final class CachingKeyStore implements KeyStore {
    private final KeyStore store;
    /** Size bound and eviction policy of the found keys; a hit is read from {@link #hits}. */
    private final Cache<ApiKeyHash, KeyPolicy> found;
    /** The found keys as a hit reads them: the answer built once, and its expiry. */
    private final ConcurrentHashMap<ApiKeyHash, Hit> hits = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private final long ttlNanos;
    private final Cache<ApiKeyHash, Boolean> unknown;
    private final KeyHashFilter filter;
    private final Consumer<KeyPolicy> onFound;
    // bumped by every invalidation: a lookup that started before it must not cache its answer
    private final AtomicLong generation = new AtomicLong();

    private CachingKeyStore(Builder b) {
        this.store = b.store;
        this.ticker = ticker(b.clock);
        this.ttlNanos = b.ttl.toNanos();
        // whatever Caffeine evicts (size, expiry) leaves the hits too, so they stay within the bound
        this.found = Caffeine.newBuilder().expireAfterWrite(b.ttl).maximumSize(b.maxSize).ticker(ticker)
                .executor(Runnable::run).<ApiKeyHash, KeyPolicy>evictionListener((hash, policy, cause) -> hits.remove(hash))
                .build();
        this.unknown = Caffeine.newBuilder().expireAfterWrite(b.negativeTtl).maximumSize(b.maxUnknown).ticker(ticker)
                .executor(Runnable::run).build();
        this.filter = b.filter;
        this.onFound = b.onFound;
    }

    public static Builder builder(KeyStore store) {
        return new Builder(store);
    }

    @Override
    public Optional<KeyPolicy> findByHash(ApiKeyHash hash) {
        Hit hit = hits.get(hash);
        if (hit != null && hit.seenAt == ticker.read()) {
            // seen unexpired at this very tick, so still unexpired, and Caffeine and onFound told
            return hit.answer;
        }
        return hit != null ? firstHitThisTick(hash, hit) : miss(hash);
    }

    // the rare paths apart, so that the hit above stays small enough to be inlined where it is called

    private Optional<KeyPolicy> firstHitThisTick(ApiKeyHash hash, Hit hit) {
        long now = ticker.read();
        if (now - hit.expiresAt >= 0) {
            return miss(hash);
        }
        // Caffeine learns which keys are used from the hits it is told of (W-TinyLFU); telling it once
        // per tick of the coarse ticker (10 ms) per key keeps the order of use at a fraction of the cost
        // of telling it of every hit, and leaves a hit one comparison
        hit.seenAt = now;
        found.getIfPresent(hash);
        if (onFound != null) {
            onFound.accept(hit.policy());
        }
        return hit.answer;
    }

    private Optional<KeyPolicy> miss(ApiKeyHash hash) {
        if (unknown.getIfPresent(hash) != null || (filter != null && !filter.mayExist(hash))) {
            return Optional.empty();
        }
        long before = generation.get();
        Optional<KeyPolicy> answer = store.findByHash(hash); // StoreUnavailableException passes through, uncached
        if (generation.get() == before) {
            if (answer.isPresent()) {
                long now = ticker.read();
                hits.put(hash, new Hit(answer, now, now + ttlNanos)); // first: an eviction at once removes it
                found.put(hash, answer.get());
            } else {
                unknown.put(hash, Boolean.TRUE);
            }
        }
        if (onFound != null) {
            answer.ifPresent(onFound);
        }
        return answer;
    }

    /**
     * Drops the cached copies of the key with this id, whichever API key they were found by (a
     * rotating key is cached under its new and its previous one); a linear scan: changes are rare.
     */
    public void invalidate(String keyId) {
        generation.incrementAndGet();
        found.asMap().values().removeIf(policy -> policy.id().equals(keyId));
        hits.values().removeIf(hit -> hit.policy().id().equals(keyId));
    }

    /** Forgets every hash remembered as unknown: a key was added. */
    public void invalidateUnknown() {
        generation.incrementAndGet();
        unknown.invalidateAll();
        if (filter != null) {
            filter.refresh();
        }
    }

    /** Forgets everything: after missed notices, the store is asked again. */
    public void invalidateAll() {
        generation.incrementAndGet();
        found.invalidateAll();
        hits.clear();
        invalidateUnknown();
    }

    /** How many keys are cached now (for tests and metrics). */
    public long cachedKeys() {
        found.cleanUp();
        return found.estimatedSize();
    }

    /** A found key as a hit reads it. */
    private static final class Hit {
        final Optional<KeyPolicy> answer;
        final long expiresAt;
        /**
         * The last tick at which a hit found it unexpired (at first the tick it was cached); racy on
         * purpose: it only ever holds such a tick, and a lost update costs one more telling.
         */
        long seenAt;

        Hit(Optional<KeyPolicy> answer, long cachedAt, long expiresAt) {
            this.answer = answer;
            this.seenAt = cachedAt;
            this.expiresAt = expiresAt;
        }

        KeyPolicy policy() {
            return answer.get();
        }
    }

    private static Ticker ticker(Clock clock) {
        if (clock == null) {
            return CoarseTicker.get();
        }
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /**
     * Answers, without asking the store, that a hash is surely not stored. False positives are
     * allowed (the store is then asked); false negatives are not, except for a moment after a
     * key is added, until {@link #refresh()}.
     */
    public interface KeyHashFilter {
        boolean mayExist(ApiKeyHash hash);

        /** Reloads from the store; keeps the old contents when the store cannot answer. */
        void refresh();
    }

    /** Builds a {@link CachingKeyStore}; every value is checked at {@link #build()}. */
    public static final class Builder {
        private final KeyStore store;
        private Duration ttl = Duration.ofMinutes(5);
        private Duration negativeTtl = Duration.ofSeconds(30);
        private long maxSize = 100_000;
        private long maxUnknown = 10_000;
        private Clock clock;
        private KeyHashFilter filter;
        /** Null: nobody is told (a hit then costs no call). */
        private Consumer<KeyPolicy> onFound;

        private Builder(KeyStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** How long a found key is served from the cache (default 5 minutes): the longest a missed notice can last. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** How long a hash is remembered as unknown (default 30 s). */
        public Builder negativeTtl(Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
            return this;
        }

        /** The most keys cached (default 100,000). */
        public Builder maxSize(long maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        /** The most unknown hashes remembered (default 10,000). */
        public Builder maxUnknown(long maxUnknown) {
            this.maxUnknown = maxUnknown;
            return this;
        }

        /** The clock expiry is measured with (default: the system's monotonic time, read every 10 ms). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** A filter of the hashes the store holds, such as {@link PostgresKeyHashes}. */
        public Builder filter(KeyHashFilter filter) {
            this.filter = filter;
            return this;
        }

        /**
         * Called with a key found, cached or not, at most once per tick of the clock per key (10 ms by
         * default: enough for {@link LastUsedRecorder#record}); must not block.
         */
        public Builder onFound(Consumer<KeyPolicy> onFound) {
            this.onFound = Objects.requireNonNull(onFound, "onFound");
            return this;
        }

        /** @throws IllegalArgumentException for a non-positive duration or size, naming it */
        public CachingKeyStore build() {
            requirePositive("ttl", ttl);
            requirePositive("negativeTtl", negativeTtl);
            if (maxSize < 1 || maxUnknown < 1) {
                throw new IllegalArgumentException("cache sizes must be positive, got maxSize=" + maxSize
                        + ", maxUnknown=" + maxUnknown);
            }
            return new CachingKeyStore(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }
}
