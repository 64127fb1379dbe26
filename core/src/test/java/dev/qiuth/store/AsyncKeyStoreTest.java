package dev.qiuth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.fixture.TestSecrets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AsyncKeyStoreTest {
    private static final String KEY = TestSecrets.register("sk_test_async_Rb5Tm2Vy9");
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
