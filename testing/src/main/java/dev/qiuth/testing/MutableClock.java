package dev.qiuth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that stands still until a test moves it, so that time passes without sleeping. Safe
 * to share between threads: an engine, its stores and the test's signers read one instant.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.standard();      // 2026-11-23T12:00:10Z
 * Qiuth engine = Qiuth.builder().clock(clock)...build();
 * clock.advance(Duration.ofMinutes(5));              // a replay window passes
 * RequestSigner late = signer.clock(clock.offset(Duration.ofSeconds(-301)));   // a skewed client
 * }</pre>
 */
public final class MutableClock extends Clock {
    /** 2026-11-23T12:00:10Z: ten seconds into a minute, so that fixed windows do not start at "now". */
    public static final Instant STANDARD_START = Instant.parse("2026-11-23T12:00:10Z");

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** A clock standing at {@code start} until moved. */
    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /** A clock standing at {@link #STANDARD_START}. */
    public static MutableClock standard() {
        return new MutableClock(STANDARD_START);
    }

    /**
     * A clock standing at the current whole second: for tests against code that reads the real
     * clock too (a CLI process, say), and to make timestamps look like real ones.
     */
    public static MutableClock startingNow() {
        return new MutableClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    /** Moves time forward, or back with a negative duration. */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        now.updateAndGet(t -> t.plus(by));
    }

    /** Puts the clock at {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * A fixed clock at this clock's current instant plus {@code by}: the clock of a client whose
     * time is skewed against the server's.
     */
    public Clock offset(Duration by) {
        return Clock.fixed(instant().plus(by), ZoneOffset.UTC);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock, for UTC; any other zone is refused, since the clock's readers share one instant. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone.normalized())) {
            return this;
        }
        throw new UnsupportedOperationException("a MutableClock is UTC only, not " + zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
