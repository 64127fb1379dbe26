package dev.qiuth.state.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about a Redis that does not answer at most once per interval, and once when it answers
 * again: under load a dead Redis would otherwise write one line per request. A line names the
 * component and the error's type and message, never a key (keys hold fingerprints and client
 * addresses). Shared by every Redis client of Qiuth (Lettuce here, Vert.x in
 * {@code qiuth-state-redis-quarkus}), so that an outage reads the same whichever node reports it.
 *
 * <pre>{@code
 * OutageLog outages = new OutageLog("replay guard", Clock.systemUTC(), Duration.ofSeconds(30));
 * try { ...; outages.answered(); } catch (StoreUnavailableException e) { outages.failed(e, "requests refused with 503"); throw e; }
 * }</pre>
 */
public final class OutageLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.qiuth.state.redis");
    private static final int MAX_MESSAGE = 200;

    private final String component;
    private final Clock clock;
    private final long intervalMs;
    private final AtomicLong failuresSinceLine = new AtomicLong();
    private final AtomicLong lastLineMs = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean down;

    public OutageLog(String component, Clock clock, Duration interval) {
        this.component = component;
        this.clock = clock;
        this.intervalMs = interval.toMillis();
    }

    /** One call failed; {@code consequence} says what the caller answered instead. */
    public void failed(Throwable error, String consequence) {
        down = true;
        long failures = failuresSinceLine.incrementAndGet();
        long now = clock.millis();
        long last = lastLineMs.get();
        if (last != Long.MIN_VALUE && now - last < intervalMs) {
            return;
        }
        if (lastLineMs.compareAndSet(last, now)) {
            failuresSinceLine.addAndGet(-failures);
            LOG.warn("Redis {} unavailable ({}), {}; {} failed call(s) since the last warning",
                    component, describe(error), consequence, failures);
        }
    }

    /** A call succeeded: say so once after an outage. */
    public void answered() {
        if (down) {
            down = false;
            LOG.info("Redis {} answers again", component);
        }
    }

    /** Whether the last call failed. */
    public boolean down() {
        return down;
    }

    /** The error's type and message and its root cause's, on one line, each message cut at 200 characters. */
    public static String describe(Throwable error) {
        Throwable t = error;
        // the wrapper's message is ours; the driver's cause says what went wrong
        if (t instanceof dev.qiuth.StoreUnavailableException && t.getCause() != null) {
            t = t.getCause();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // "Unable to connect" alone hides the reason (NOAUTH, WRONGPASS, refused): name both,
        // unless the error's message already says what the root's does
        if (root == t || root.getMessage() != null && t.getMessage() != null && t.getMessage().contains(root.getMessage())) {
            return one(t);
        }
        return one(t) + " <- " + one(root);
    }

    private static String one(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return t.getClass().getSimpleName();
        }
        message = message.replaceAll("[\\r\\n\\t]", " ");
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return t.getClass().getSimpleName() + ": " + message;
    }
}
