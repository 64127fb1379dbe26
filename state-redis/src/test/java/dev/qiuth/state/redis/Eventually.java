package dev.qiuth.state.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an asynchronous event (a reconnect, an expiry in Redis) with a bounded poll. */
final class Eventually {
    private Eventually() {
    }

    /** @return true as soon as the condition holds, false when {@code limit} passed without it */
    static boolean within(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
