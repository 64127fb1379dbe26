package dev.qiuth.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A logback appender (wired in {@code logback-test.xml}) keeping the whole text of every event of
 * the run, message, arguments and throwable chain, for the tests that search it for secrets.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {
    private static final List<String> EVENTS = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder text = new StringBuilder(e.getLoggerName()).append(' ').append(e.getLevel()).append(' ')
                .append(e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
            text.append(" args=").append(Arrays.deepToString(e.getArgumentArray()));
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" throwable=").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        synchronized (EVENTS) {
            EVENTS.add(text.toString());
        }
    }

    static List<String> lines() {
        synchronized (EVENTS) {
            return List.copyOf(EVENTS);
        }
    }

    /** The lines that contain any of these texts (compared case-insensitively). */
    static List<String> linesContaining(List<String> needles) {
        return lines().stream().filter(line -> needles.stream()
                .anyMatch(n -> line.toLowerCase(java.util.Locale.ROOT).contains(n.toLowerCase(java.util.Locale.ROOT))))
                .toList();
    }
}
