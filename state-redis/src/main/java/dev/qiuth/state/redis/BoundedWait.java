package dev.qiuth.state.redis;

import dev.qiuth.StoreUnavailableException;
import io.lettuce.core.RedisFuture;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one Redis answer no longer than the command timeout, and turns every way of not
 * getting one (timeout, refused while disconnected, an error reply, interruption) into a
 * {@link StoreUnavailableException}: the engine answers 503 and lets nothing through.
 */
final class BoundedWait {
    private final long timeoutNanos;
    private final String component;

    BoundedWait(Duration timeout, String component) {
        this.timeoutNanos = timeout.toNanos();
        this.component = component;
    }

    <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreUnavailableException("Redis " + component + " did not answer within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException re && isNoScript(re)) {
                throw re;
            }
            throw new StoreUnavailableException("Redis " + component + " failed: " + cause.getClass().getSimpleName(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new StoreUnavailableException("interrupted waiting for Redis " + component, e);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Redis " + component + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    static boolean isNoScript(Throwable e) {
        return e instanceof io.lettuce.core.RedisNoScriptException
                || RateLimitScript.isNoScript(e.getMessage());
    }
}
