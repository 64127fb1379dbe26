package dev.qiuth.conformance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Collects the text of every log event while the suite runs, wherever SLF4J sends it: to logback
 * (appender on the root logger) or to java.util.logging (handler on the root logger, which also
 * covers the JBoss LogManager of Quarkus). The text includes formatted arguments and stack traces.
 * Adapter tests use it too, to prove their own secrets never reach a log line.
 *
 * <pre>{@code
 * LogCapture logs = new LogCapture();
 * logs.start();   // @BeforeAll
 * ...
 * logs.stop();    // @AfterAll
 * assertThat(logs.lines()).noneSatisfy(l -> assertThat(l).contains(apiKey));
 * }</pre>
 */
public final class LogCapture {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Runnable detach = () -> { };

    public void start() {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder sb = new StringBuilder(record.getLoggerName() == null ? "" : record.getLoggerName())
                        .append(' ').append(record.getMessage());
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        sb.append(' ').append(p);
                    }
                }
                add(sb.toString(), record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(handler);
        Runnable logback = LoggerFactory.getILoggerFactory().getClass().getName().startsWith("ch.qos.logback")
                ? LogbackCapture.attach(this) : () -> { };
        detach = () -> {
            root.removeHandler(handler);
            logback.run();
        };
    }

    public void stop() {
        detach.run();
    }

    void add(String text, Throwable thrown) {
        if (thrown != null) {
            StringWriter w = new StringWriter();
            thrown.printStackTrace(new PrintWriter(w));
            text = text + '\n' + w;
        }
        lines.add(text);
    }

    /** Every event captured so far, in order. */
    public List<String> lines() {
        return lines;
    }
}
