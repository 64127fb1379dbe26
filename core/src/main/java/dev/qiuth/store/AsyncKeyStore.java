package dev.qiuth.store;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.StoreUnavailableException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A key store that answers without blocking the calling thread, for reactive servers.
 *
 * <pre>{@code
 * AsyncKeyStore async = AsyncKeyStore.offload(jdbcStore, blockingExecutor);
 * }</pre>
 */
@FunctionalInterface
public interface AsyncKeyStore {

    /**
     * Completes with the policy, empty when there is none, or exceptionally with
     * {@link StoreUnavailableException} when the store cannot answer.
     */
    CompletionStage<Optional<KeyPolicy>> findByHashAsync(ApiKeyHash hash);

    /** Runs a blocking store's lookups on an executor, off the caller's thread. */
    static AsyncKeyStore offload(KeyStore store, Executor executor) {
        return hash -> CompletableFuture.supplyAsync(() -> store.findByHash(hash), executor);
    }

    /** Answers a store that never blocks (such as the in-memory one) on the calling thread. */
    static AsyncKeyStore direct(KeyStore store) {
        return hash -> {
            try {
                return CompletableFuture.completedFuture(store.findByHash(hash));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
