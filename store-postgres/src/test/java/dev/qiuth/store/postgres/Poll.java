package dev.qiuth.store.postgres;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an asynchronous event with a bound: the condition is checked every 20 ms. */
final class Poll {
    private Poll() {
    }

    /** @throws AssertionError when the condition does not hold within the bound */
    static Duration until(String what, Duration bound, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + bound.toMillis() + " ms");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
