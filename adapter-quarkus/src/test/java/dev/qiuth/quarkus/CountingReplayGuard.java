package dev.qiuth.quarkus;

import dev.qiuth.replay.InMemoryReplayGuard;
import dev.qiuth.replay.ReplayGuard;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application's replay guard (in memory here, Redis in a cluster): the configured engine must use it, and,
 * as it may wait on the network, never on an event loop.
 */
@Singleton
public class CountingReplayGuard implements ReplayGuard {
    private final ReplayGuard memory = new InMemoryReplayGuard();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger checksOnEventLoop = new AtomicInteger();

    @Override
    public boolean firstUse(byte[] fingerprint, Instant until, Instant now) {
        checks.incrementAndGet();
        if (io.vertx.core.Context.isOnEventLoopThread()) { // a Redis guard there would stall every request
            checksOnEventLoop.incrementAndGet();
        }
        return memory.firstUse(fingerprint, until, now);
    }

    int checks() {
        return checks.get();
    }

    int checksOnEventLoop() {
        return checksOnEventLoop.get();
    }
}
