package dev.qiuth.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The logback half of {@link LogCapture}; loaded only when logback is SLF4J's binding. */
final class LogbackEvents {
    /** The loggers opened at every level while a capture runs: the engine's, the client's, the audit log. */
    private static final List<String> QIUTH_LOGGERS = List.of("dev.qiuth", "dev.qiuth.audit");

    private LogbackEvents() {
    }

    static LogEvent of(ILoggingEvent e) {
        String level = e.getLevel().toString();
        String message = e.getFormattedMessage() == null ? "" : e.getFormattedMessage();
        String stackTrace = e.getThrowableProxy() == null ? null : ThrowableProxyUtil.asString(e.getThrowableProxy());
        return new LogEvent(e.getLoggerName(), level, message,
                LogEvent.text(e.getLoggerName(), level, message, e.getArgumentArray(), stackTrace));
    }

    static Runnable attach(LogCapture capture) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                capture.add(of(e));
            }
        };
        appender.setContext(context);
        appender.setName("qiuth-log-capture");
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        List<Runnable> restore = new ArrayList<>();
        for (String name : QIUTH_LOGGERS) {
            Logger logger = context.getLogger(name);
            Level before = logger.getLevel();
            logger.setLevel(Level.ALL);
            // a logger that does not pass its events up must reach the capture on its own
            boolean separate = !logger.isAdditive();
            if (separate) {
                logger.addAppender(appender);
            }
            restore.add(() -> {
                if (separate) {
                    logger.detachAppender(appender);
                }
                logger.setLevel(before);
            });
        }
        return () -> {
            root.detachAppender(appender);
            restore.forEach(Runnable::run);
            appender.stop();
        };
    }
}
