package dev.qiuth.state.redis.quarkus;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line (message and stack trace) written while it is open, from any logger. SLF4J goes
 * to JBoss LogManager in a Quarkus app (and here), which is a {@code java.util.logging} manager.
 */
final class CapturedLogs implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && message != null) {
                message = java.text.MessageFormat.format(message, record.getParameters());
            }
            String text = record.getLevel() + " " + record.getLoggerName() + " " + message;
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text = text + "\n" + trace;
            }
            lines.add(text);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CapturedLogs() {
        if (!root.getClass().getName().startsWith("org.jboss.logmanager")) {
            throw new IllegalStateException("run with -Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        }
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    List<String> from(String loggerName) {
        return lines.stream().filter(l -> l.split(" ", 3)[1].startsWith(loggerName)).toList();
    }

    String all() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        root.removeHandler(handler);
    }
}
