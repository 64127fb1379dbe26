package dev.qiuth.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for an asynchronous event (a reconnect, an expiry in Redis, a process that comes back)
 * with a bounded poll: the condition is asked every 20 ms, never past the limit.
 *
 * <pre>{@code
 * boolean back = Eventually.within(Duration.ofSeconds(30), () -> node.send(request).status() == 200);
 * }</pre>
 */
public final class Eventually {
    private Eventually() {
    }

    /** @return true as soon as the condition holds, false when {@code limit} passed without it */
    public static boolean within(Duration limit, BooleanSupplier condition) {
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
