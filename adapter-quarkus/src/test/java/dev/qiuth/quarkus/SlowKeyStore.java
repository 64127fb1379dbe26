package dev.qiuth.quarkus;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import io.vertx.core.Context;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key store as slow as a remote database: every lookup blocks its thread for 300 ms. Replaces
 * the configured store in {@link SlowKeyStoreProfile}; it counts how many lookups overlapped and
 * how many ran on an event loop.
 */
@Alternative
@Singleton
public class SlowKeyStore implements KeyStore {
    static final String KEY = "qk_slow_Zq3Xv8Rt2Lm5Nb7Wc1Yp4Ks6Hd9Gf0Je2Ua5Io8Ty1";
    static final Duration LOOKUP = Duration.ofMillis(300);

    private final KeyStore keys = InMemoryKeyStore.of(KeyPolicy.builder().id("slow").apiKey(KEY).build());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger onEventLoop = new AtomicInteger();
    private volatile CountDownLatch started = new CountDownLatch(0);

    @Override
    public Optional<KeyPolicy> findByHash(ApiKeyHash hash) {
        if (Context.isOnEventLoopThread()) {
            onEventLoop.incrementAndGet();
        }
        started.countDown();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Thread.sleep(LOOKUP.toMillis()); // the remote round trip this store stands for
            return keys.findByHash(hash);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.qiuth.StoreUnavailableException("interrupted");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** A latch that opens once this many more lookups have begun. */
    CountDownLatch expectLookups(int count) {
        started = new CountDownLatch(count);
        return started;
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    int lookupsOnEventLoop() {
        return onEventLoop.get();
    }
}
