package dev.qiuth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it: time passes without sleeping. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    /** 2026-11-23T12:00:10Z: ten seconds into a minute, so fixed windows do not start at "now". */
    public static MutableClock standard() {
        return new MutableClock(Instant.parse("2026-11-23T12:00:10Z"));
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void advanceMillis(long ms) {
        now = now.plusMillis(ms);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
