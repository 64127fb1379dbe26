package dev.qiuth.quarkus;

import dev.qiuth.replay.InMemoryReplayGuard;
import dev.qiuth.replay.ReplayGuard;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** An application's replay guard (in memory here, Redis in a cluster): the configured engine must use it. */
@Singleton
public class CountingReplayGuard implements ReplayGuard {
    private final ReplayGuard memory = new InMemoryReplayGuard();
    private final AtomicInteger checks = new AtomicInteger();

    @Override
    public boolean firstUse(byte[] fingerprint, Instant until, Instant now) {
        checks.incrementAndGet();
        return memory.firstUse(fingerprint, until, now);
    }

    int checks() {
        return checks.get();
    }
}
