package dev.qiuth.quarkus;

import dev.qiuth.Decision;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the engine for {@link QiuthRouteFilter} where it cannot stall an event loop. With the
 * default in-memory state only the key lookup may block, and the engine already offloads it
 * ({@link Qiuth#authenticateAsync}): the rest stays on the event loop. When the application gives
 * a {@link ReplayGuard} or {@link RateLimiter} bean (Redis, with {@code qiuth-state-redis-quarkus}),
 * every step may wait on the network, the address lockout check before the lookup included, so
 * the whole {@link Qiuth#authenticate} runs on Quarkus' worker pool.
 */
@Singleton
class Authenticator {
    private final Qiuth qiuth;
    private final Executor worker;

    @Inject
    Authenticator(Qiuth qiuth, Instance<ReplayGuard> replayGuard, Instance<RateLimiter> rateLimiter) {
        this(qiuth, replayGuard.isResolvable() || rateLimiter.isResolvable() ? Infrastructure.getDefaultWorkerPool() : null);
    }

    /** @param worker where the whole engine runs, or null to run it as {@link Qiuth#authenticateAsync} does */
    Authenticator(Qiuth qiuth, Executor worker) {
        this.qiuth = qiuth;
        this.worker = worker;
    }

    CompletionStage<Decision> authenticate(RequestView view) {
        if (worker == null) {
            return qiuth.authenticateAsync(view);
        }
        try {
            return CompletableFuture.supplyAsync(() -> qiuth.authenticate(view), worker);
        } catch (RejectedExecutionException e) {
            // pool shut down (the app is stopping): the engine answers; a Redis store refuses to block
            // an event loop, which the engine turns into 503, so nothing is let through
            return qiuth.authenticateAsync(view);
        }
    }

    /**
     * A body over the limit or unreadable: the engine refuses it (413, 400) before it touches any
     * state, on the calling thread, so the answer is written before the body reader closes the
     * connection. An answer from a worker would come too late.
     */
    CompletionStage<Decision> refuseUnreadBody(RequestView view) {
        return qiuth.authenticateAsync(view);
    }

    /** Whether the whole engine runs on a worker (state the application gave, possibly remote). */
    boolean offloadsEverything() {
        return worker != null;
    }
}
