package dev.qiuth.examples.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;

class BatchingConsoleAppenderTest extends BatchingConsoleContract {
    private final LoggerContext context = new LoggerContext();
    private BatchingConsoleAppender appender;
    private Logger logger;

    @Override
    void open(int queueSize, long flushMillis) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender = new BatchingConsoleAppender(sink);
        appender.setContext(context);
        appender.setName("test");
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setFlushMillis(flushMillis);
        appender.start();
        logger = context.getLogger("batching");
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    @Override
    void log(String text) {
        logger.info("{}", text);
    }

    @Override
    void close() {
        appender.stop();
    }

    @AfterEach
    void stop() {
        appender.stop();
        context.stop();
    }
}
