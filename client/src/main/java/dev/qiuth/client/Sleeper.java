package dev.qiuth.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. The default schedules the next try on a delayed executor, holding no
 * thread; tests give one that records the delay and returns at once.
 *
 * <pre>{@code
 * List<Duration> waited = new ArrayList<>();
 * Sleeper recording = delay -> { waited.add(delay); return CompletableFuture.completedFuture(null); };
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {
    /** A stage that completes once the delay has passed. */
    CompletionStage<Void> sleep(Duration delay);

    /** Really waits, on {@link CompletableFuture#delayedExecutor}. */
    static Sleeper system() {
        return delay -> CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }
}
