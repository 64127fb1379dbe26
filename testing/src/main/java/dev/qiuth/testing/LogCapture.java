package dev.qiuth.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.LoggerFactory;

/**
 * The log events of a test, kept to prove that no secret reaches a log line. Two kinds:
 *
 * <ul>
 * <li>{@link #start()}: every event from now until {@link #close()}, wherever SLF4J sends it:
 *     to logback (an appender on the root logger) and to {@code java.util.logging} (a handler on
 *     its root logger, which also covers the JBoss LogManager of Quarkus and a client's
 *     {@code System.Logger}). While open, the {@code dev.qiuth} loggers log at every level, so a
 *     secret in a DEBUG line is found too.</li>
 * <li>{@link #ofRun()}: every event of the whole test run, from the first one on, fed by a
 *     {@link CaptureAppender} that the module's {@code logback-test.xml} puts on its root logger:
 *     {@code <appender name="CAPTURE" class="dev.qiuth.testing.CaptureAppender"/>}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     client.get("/orders");
 *     assertThat(logs.text()).contains("decision=granted").doesNotContain(apiKey);
 * }
 * assertThat(LogCapture.ofRun().linesContaining(secrets)).isEmpty();
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    /** Enough for a module's whole test run; past it, events are counted and {@link #events()} fails. */
    static final int MAX_EVENTS = 500_000;

    private static final LogCapture RUN = new LogCapture();

    private final List<LogEvent> events = new ArrayList<>();
    private long dropped;
    private Runnable detach = () -> { };

    private LogCapture() {
    }

    /** Starts capturing every event, at every level of the {@code dev.qiuth} loggers, until {@link #close()}. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Runnable jul = JulEvents.attach(capture);
        Runnable logback = LoggerFactory.getILoggerFactory().getClass().getName().startsWith("ch.qos.logback")
                ? LogbackEvents.attach(capture) : () -> { };
        capture.detach = () -> {
            jul.run();
            logback.run();
        };
        return capture;
    }

    /** The events of the whole run, fed by the {@link CaptureAppender} of {@code logback-test.xml}. */
    public static LogCapture ofRun() {
        return RUN;
    }

    void add(LogEvent event) {
        synchronized (events) {
            if (events.size() < MAX_EVENTS) {
                events.add(event);
            } else {
                dropped++;
            }
        }
    }

    /**
     * Every event captured so far, in order.
     *
     * @throws IllegalStateException when events were dropped past the capacity: a search of part
     *                               of the events would prove nothing
     */
    public List<LogEvent> events() {
        synchronized (events) {
            if (dropped > 0) {
                throw new IllegalStateException(dropped + " log events past the capture's capacity of "
                        + MAX_EVENTS + " were not kept");
            }
            return List.copyOf(events);
        }
    }

    /** The number of events not kept, past the capacity. */
    public long dropped() {
        synchronized (events) {
            return dropped;
        }
    }

    /** The {@link LogEvent#text() text} of every event, in order. */
    public List<String> lines() {
        return events().stream().map(LogEvent::text).toList();
    }

    /** Every event's text, one after the other, separated by newlines. */
    public String text() {
        return String.join("\n", lines());
    }

    /** The lines that contain any of these texts, compared case-insensitively. */
    public List<String> linesContaining(Collection<String> needles) {
        List<String> lower = needles.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        return lines().stream().filter(line -> {
            String l = line.toLowerCase(Locale.ROOT);
            return lower.stream().anyMatch(l::contains);
        }).toList();
    }

    /** Stops a capture of {@link #start()}; the events stay readable. Does nothing to {@link #ofRun()}. */
    @Override
    public void close() {
        Runnable d = detach;
        detach = () -> { };
        d.run();
    }

    /** The {@code java.util.logging} half: a handler on the root logger. */
    private static final class JulEvents {
        private JulEvents() {
        }

        static Runnable attach(LogCapture capture) {
            SimpleFormatter formatter = new SimpleFormatter();
            Handler handler = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
                    String level = r.getLevel().getName();
                    String message = formatter.formatMessage(r);
                    String stackTrace = null;
                    if (r.getThrown() != null) {
                        StringWriter w = new StringWriter();
                        r.getThrown().printStackTrace(new PrintWriter(w));
                        stackTrace = w.toString();
                    }
                    capture.add(new LogEvent(logger, level, message,
                            LogEvent.text(logger, level, message, r.getParameters(), stackTrace)));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            handler.setLevel(java.util.logging.Level.ALL);
            // held strongly until detached: java.util.logging keeps loggers only weakly
            java.util.logging.Logger qiuth = java.util.logging.Logger.getLogger("dev.qiuth");
            java.util.logging.Level before = qiuth.getLevel();
            qiuth.setLevel(java.util.logging.Level.ALL);
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.addHandler(handler);
            return () -> {
                root.removeHandler(handler);
                qiuth.setLevel(before);
            };
        }
    }
}
