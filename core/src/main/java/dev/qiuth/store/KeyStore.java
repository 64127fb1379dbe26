package dev.qiuth.store;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import java.util.Optional;

/**
 * Finds a key's policy by the SHA-256 of the key. Implementations: {@link InMemoryKeyStore},
 * a database, a file. Must be thread-safe.
 *
 * <p>A blocking store used from an event loop (Netty, Vert.x) is given to the engine with an
 * executor ({@code Qiuth.Builder.keyStore(store, executor)}), which then judges off the loop
 * whenever {@link #mayBlock()}; or it implements {@link AsyncKeyStore} itself.
 */
@FunctionalInterface
public interface KeyStore {

    /**
     * The policy of the key with this hash, or empty when there is none.
     *
     * @throws dev.qiuth.StoreUnavailableException when the store cannot answer (the request is then
     *                                             refused with 503, never let through)
     */
    Optional<KeyPolicy> findByHash(ApiKeyHash hash);

    /**
     * Whether a call may wait on I/O (a database, a network store). When it may, an engine given
     * an executor ({@code Qiuth.Builder.keyStore(store, executor)}) judges asynchronous requests
     * on that executor, never on an event loop; when nothing may, it judges them on the calling
     * thread and saves the hand-over. {@code true} unless an implementation knows better.
     */
    default boolean mayBlock() {
        return true;
    }
}
