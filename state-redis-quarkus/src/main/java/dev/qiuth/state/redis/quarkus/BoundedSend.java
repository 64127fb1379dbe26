package dev.qiuth.state.redis.quarkus;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.state.redis.RateLimitScript;
import io.vertx.core.Context;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one command and waits for its answer no longer than the command timeout, turning every
 * way of not getting one (timeout, refused connection, an error reply, interruption) into a
 * {@link StoreUnavailableException}: the engine answers 503 and lets nothing through. The one
 * error passed on as it is, {@link NoScriptException}, asks the caller to send the script itself.
 *
 * <p>It blocks its caller, so it refuses to run on a Vert.x event loop: the event loop would
 * stall every request, and could never deliver the answer it waits for. The Quarkus adapter runs
 * the engine on a worker when its state is remote.
 */
final class BoundedSend {
    private final Redis client;
    private final long timeoutNanos;
    private final String component;

    BoundedSend(Redis client, Duration timeout, String component) {
        this.client = client;
        this.timeoutNanos = timeout.toNanos();
        this.component = component;
    }

    /** The reply, null for Redis' nil. */
    Response send(Request request) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Redis " + component + " called on a Vert.x event loop: run the engine on a"
                    + " worker (qiuth-adapter-quarkus does when a ReplayGuard or RateLimiter bean is present)");
        }
        CompletableFuture<Response> answer;
        try {
            answer = client.send(request).toCompletionStage().toCompletableFuture();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        try {
            return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new StoreUnavailableException("Redis " + component + " did not answer within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (RateLimitScript.isNoScript(cause.getMessage())) {
                throw new NoScriptException();
            }
            throw unavailable(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted waiting for Redis " + component, e);
        }
    }

    private StoreUnavailableException unavailable(Throwable cause) {
        return new StoreUnavailableException("Redis " + component + " failed: " + cause.getClass().getSimpleName(), cause);
    }

    /** Redis has not cached the script (first use, after a restart or {@code SCRIPT FLUSH}). */
    static final class NoScriptException extends RuntimeException {
        NoScriptException() {
            super("NOSCRIPT", null, false, false);
        }
    }
}
