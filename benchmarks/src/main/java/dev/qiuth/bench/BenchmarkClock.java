package dev.qiuth.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The engine's clock in the pipeline benchmarks: the system clock, shifted so that it reads a
 * chosen instant when {@link #restart()} is called. It runs at real speed and costs a real clock
 * read and an {@code Instant} per call, as {@code Clock.systemUTC()} does, yet the pre-signed
 * requests stay fresh in every iteration, however long the run.
 *
 * <pre>{@code
 * BenchmarkClock clock = new BenchmarkClock(signedAt);
 * clock.restart();             // now reads signedAt, and moves on from there
 * }</pre>
 */
final class BenchmarkClock extends Clock {
    private final long startMillis;
    private volatile long offsetMillis;

    BenchmarkClock(Instant start) {
        this.startMillis = start.toEpochMilli();
        restart();
    }

    /** From now on the clock reads the start instant plus the time elapsed since this call. */
    void restart() {
        offsetMillis = startMillis - System.currentTimeMillis();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the benchmark clock is UTC only");
    }
}
