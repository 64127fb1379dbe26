package dev.qiuth.conformance;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/** The logback half of {@link LogCapture}; loaded only when logback is SLF4J's binding. */
final class LogbackCapture {
    private LogbackCapture() {
    }

    static Runnable attach(LogCapture capture) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String text = event.getLoggerName() + ' ' + event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    text = text + '\n' + ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                capture.add(text, null);
            }
        };
        appender.setContext(context);
        appender.setName("qiuth-conformance-capture");
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        // the audit logger must reach the capture even when the console is kept quiet
        Logger audit = context.getLogger("dev.qiuth.audit");
        ch.qos.logback.classic.Level before = audit.getLevel();
        if (!audit.isInfoEnabled()) {
            audit.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        boolean separate = !audit.isAdditive();
        if (separate) {
            audit.addAppender(appender);
        }
        return () -> {
            root.detachAppender(appender);
            if (separate) {
                audit.detachAppender(appender);
            }
            audit.setLevel(before);
            appender.stop();
        };
    }
}
