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
 * addresses).
 */
final class OutageLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.qiuth.state.redis");
    private static final int MAX_MESSAGE = 200;

    private final String component;
    private final Clock clock;
    private final long intervalMs;
    private final AtomicLong failuresSinceLine = new AtomicLong();
    private final AtomicLong lastLineMs = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean down;

    OutageLog(String component, Clock clock, Duration interval) {
        this.component = component;
        this.clock = clock;
        this.intervalMs = interval.toMillis();
    }

    /** One call failed; {@code consequence} says what the caller answered instead. */
    void failed(Throwable error, String consequence) {
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
    void answered() {
        if (down) {
            down = false;
            LOG.info("Redis {} answers again", component);
        }
    }

    boolean down() {
        return down;
    }

    static String describe(Throwable error) {
        Throwable t = error;
        // the wrapper's message is ours; the driver's cause says what went wrong
        if (t instanceof dev.qiuth.StoreUnavailableException && t.getCause() != null) {
            t = t.getCause();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // "Unable to connect" alone hides the reason (NOAUTH, WRONGPASS, refused): name both
        return root == t ? one(t) : one(t) + " <- " + one(root);
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
