package dev.qiuth.client.testserver;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while it is open, at every level, from SLF4J/logback (server, engine)
 * and from {@code java.util.logging} (where the client's {@code System.Logger} writes).
 */
public final class CapturedLogs implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender;
    private final Handler handler;
    private final Level qiuthLevel;
    private final Level auditLevel;
    private final java.util.logging.Level julLevel;
    // held strongly: java.util.logging keeps loggers only weakly
    private final java.util.logging.Logger julQiuth = java.util.logging.Logger.getLogger("dev.qiuth");

    private CapturedLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                String text = e.getLoggerName() + " " + e.getFormattedMessage();
                if (e.getThrowableProxy() != null) {
                    text += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
                }
                lines.add(text);
            }
        };
        appender.setContext(context);
        appender.start();
        // the engine's and client's loggers at every level; the console keeps its own threshold
        qiuthLevel = context.getLogger("dev.qiuth").getLevel();
        auditLevel = context.getLogger("dev.qiuth.audit").getLevel();
        context.getLogger("dev.qiuth").setLevel(Level.ALL);
        context.getLogger("dev.qiuth.audit").setLevel(Level.ALL);
        root.addAppender(appender);
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(java.util.logging.Level.ALL);
        // the client's System.Logger at every level; not the JDK's own debug loggers, which are off in real use
        julLevel = julQiuth.getLevel();
        julQiuth.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger.getLogger("").addHandler(handler);
    }

    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    public List<String> lines() {
        return lines;
    }

    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        context.getLogger("dev.qiuth").setLevel(qiuthLevel);
        context.getLogger("dev.qiuth.audit").setLevel(auditLevel);
        appender.stop();
        java.util.logging.Logger.getLogger("").removeHandler(handler);
        julQiuth.setLevel(julLevel);
    }
}
