package dev.qiuth.store;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.StoreUnavailableException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A key store that answers without blocking the calling thread, for a store with a client of its
 * own that is asynchronous (R2DBC, an HTTP client). A blocking store needs none of this: give the
 * engine an executor with it ({@code Qiuth.builder().keyStore(jdbcStore, blockingExecutor)}).
 *
 * <pre>{@code
 * AsyncKeyStore async = hash -> reactiveClient.lookUp(hash.hex()).toCompletableFuture();
 * }</pre>
 */
@FunctionalInterface
public interface AsyncKeyStore {

    /**
     * Completes with the policy, empty when there is none, or exceptionally with
     * {@link StoreUnavailableException} when the store cannot answer.
     */
    CompletionStage<Optional<KeyPolicy>> findByHashAsync(ApiKeyHash hash);

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
