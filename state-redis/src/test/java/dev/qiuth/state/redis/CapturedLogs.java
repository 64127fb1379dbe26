package dev.qiuth.state.redis;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Every log line (message and stack trace) written while it is open, from any logger. */
final class CapturedLogs implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender;
    private final Logger root;

    CapturedLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String text = event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    text = text + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                lines.add(text);
            }
        };
        appender.setContext(context);
        appender.start();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<String> from(String loggerName) {
        return lines.stream().filter(l -> l.split(" ", 3)[1].startsWith(loggerName)).toList();
    }

    String all() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
