package dev.qiuth.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the suite moves by hand, shared by the engine under test and the suite's signers. */
public final class ConformanceClock extends Clock {
    private final AtomicLong millis;

    ConformanceClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** A clock of its own for an adapter's tests, standing at {@code start} until moved. */
    public static ConformanceClock at(Instant start) {
        return new ConformanceClock(start);
    }

    /** Moves time forward (or back, with a negative duration). */
    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    /** A fixed clock at this clock's current instant plus an offset: for signing with a skewed client clock. */
    public Clock offset(Duration d) {
        return Clock.fixed(instant().plus(d), ZoneOffset.UTC);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the conformance clock is UTC only");
    }
}
