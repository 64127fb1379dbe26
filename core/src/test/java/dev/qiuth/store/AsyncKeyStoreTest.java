package dev.qiuth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.fixture.TestSecrets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncKeyStoreTest {
    private static final String KEY = TestSecrets.register("sk_test_async_Rb5Tm2Vy9");
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void offloadRunsTheLookupOnTheExecutor() throws Exception {
        Thread[] ran = new Thread[1];
        KeyStore store = hash -> {
            ran[0] = Thread.currentThread();
            return Optional.of(KeyPolicy.builder().id("k").apiKey(KEY).build());
        };
        Optional<KeyPolicy> found = AsyncKeyStore.offload(store, executor).findByHashAsync(ApiKeyHash.of(KEY))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(found).isPresent();
        assertThat(ran[0]).isNotSameAs(Thread.currentThread());
    }

    @Test
    void offloadCompletesExceptionallyWhenTheStoreThrows() {
        KeyStore down = hash -> {
            throw new StoreUnavailableException("down");
        };
        CompletableFuture<Optional<KeyPolicy>> f = AsyncKeyStore.offload(down, executor)
                .findByHashAsync(ApiKeyHash.of(KEY)).toCompletableFuture();
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void directAnswersOnTheCallingThreadAndTurnsThrowsIntoFailedStages() {
        Thread[] ran = new Thread[1];
        KeyStore store = hash -> {
            ran[0] = Thread.currentThread();
            return Optional.empty();
        };
        assertThat(AsyncKeyStore.direct(store).findByHashAsync(ApiKeyHash.of(KEY)).toCompletableFuture().getNow(null)).isEmpty();
        assertThat(ran[0]).isSameAs(Thread.currentThread());
        KeyStore down = hash -> {
            throw new StoreUnavailableException("down");
        };
        assertThat(AsyncKeyStore.direct(down).findByHashAsync(ApiKeyHash.of(KEY)).toCompletableFuture())
                .isCompletedExceptionally();
    }
}
