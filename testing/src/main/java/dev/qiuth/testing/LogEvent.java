package dev.qiuth.testing;

import java.util.Objects;

/**
 * One captured log event: where it was logged, at which level, its formatted message, and
 * {@code text}, everything it carried: logger, level, message, each raw argument and the whole
 * stack trace of its throwable (causes and suppressed ones included), for tests to search for
 * secrets. {@code text} starts with the logger's name; stack frames are on lines of their own,
 * starting with a tab and {@code at}.
 */
public record LogEvent(String logger, String level, String message, String text) {
    public LogEvent {
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(text, "text");
    }

    /** The text of an event: {@code logger LEVEL message[ args=[..]][\nstack trace]}. */
    static String text(String logger, String level, String message, Object[] args, String stackTrace) {
        StringBuilder text = new StringBuilder(logger).append(' ').append(level).append(' ').append(message);
        if (args != null && args.length > 0) {
            text.append(" args=").append(java.util.Arrays.deepToString(args));
        }
        if (stackTrace != null && !stackTrace.isEmpty()) {
            text.append('\n').append(stackTrace);
        }
        return text.toString();
    }
}
