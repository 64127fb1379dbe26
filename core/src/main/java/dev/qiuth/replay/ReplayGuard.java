package dev.qiuth.replay;

import java.time.Instant;

/**
 * Remembers what was used once (signed requests, single-use TOTP codes) until it could no
 * longer be accepted anyway, and refuses it a second time. Implementations: the bounded
 * {@link InMemoryReplayGuard} for one node, a shared store for many.
 */
@FunctionalInterface
public interface ReplayGuard {

    /**
     * Records a fingerprint if it is new.
     *
     * @param fingerprint a 32-byte digest identifying the request
     * @param until       when it may be forgotten: the end of its acceptance window
     * @param now         the engine's clock
     * @return {@code true} the first time, {@code false} when it was seen before
     * @throws dev.qiuth.StoreUnavailableException when the store cannot answer or is full; the
     *                                             request is then refused with 503
     */
    boolean firstUse(byte[] fingerprint, Instant until, Instant now);

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
