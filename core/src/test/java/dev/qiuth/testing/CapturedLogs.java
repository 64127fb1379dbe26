package dev.qiuth.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A logback appender (wired in {@code logback-test.xml}) that keeps the text of every log event
 * of the test run: the formatted message, each raw argument and the whole throwable chain, so
 * that {@code LogHygieneTest} can search them for secrets.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {
    /** Enough for the whole core suite; events past it are counted, and fail the hygiene test. */
    static final int MAX_EVENTS = 500_000;

    private static final List<Event> EVENTS = new ArrayList<>();
    private static final AtomicLong DROPPED = new AtomicLong();

    /** One captured event: where it was logged and everything it carried, as text. */
    public record Event(String logger, String level, String message, String text) {
    }

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder text = new StringBuilder(e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
            text.append(" args=").append(Arrays.deepToString(e.getArgumentArray()));
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" throwable=").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                text.append(' ').append(frame.getSTEAsString());
            }
        }
        Event event = new Event(e.getLoggerName(), e.getLevel().toString(), e.getFormattedMessage(), text.toString());
        synchronized (EVENTS) {
            if (EVENTS.size() < MAX_EVENTS) {
                EVENTS.add(event);
            } else {
                DROPPED.incrementAndGet();
            }
        }
    }

    /** A snapshot of every event captured so far. */
    public static List<Event> events() {
        synchronized (EVENTS) {
            return List.copyOf(EVENTS);
        }
    }

    public static long dropped() {
        return DROPPED.get();
    }
}
