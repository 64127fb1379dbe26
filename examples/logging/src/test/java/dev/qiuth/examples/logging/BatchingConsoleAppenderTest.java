package dev.qiuth.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final RecordingStream sink = new RecordingStream();
    private BatchingConsoleAppender appender;

    private Logger logger(int queueSize, long flushMillis) {
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
        Logger logger = context.getLogger("batching");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    @AfterEach
    void stop() {
        appender.stop();
        context.stop();
    }

    @Test
    void everyLineIsWrittenOnceAndInOrderWhenLoggersOutrunTheWriter() throws Exception {
        Logger logger = logger(16, 1);
        int threads = 4;
        int lines = 5_000;
        LoggingThreads.run(threads, lines, (t, i) -> logger.info("t{} line {}", t, i));
        appender.stop();

        LoggingThreads.assertEachThreadsLinesWholeAndInOrder(sink.lines(), threads, lines);
    }

    @Test
    void aThousandLinesTakeAtMostTwoWritesNotOneEach() {
        Logger logger = logger(65_536, TimeUnit.MINUTES.toMillis(1));
        for (int i = 0; i < 1_000; i++) {
            logger.info("audit line {}", i);
        }
        appender.stop();

        assertThat(sink.lines()).hasSize(1_000).startsWith("audit line 0").endsWith("audit line 999");
        assertThat(sink.writes()).isBetween(1, 2);
    }

    @Test
    void linesAppearWithinTheFlushIntervalWithoutAStop() throws Exception {
        Logger logger = logger(1_024, 5);
        logger.info("first");
        logger.info("second");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.lines().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5); // waits for the writer thread, not for time to pass in the code under test
        }
        assertThat(sink.lines()).containsExactly("first", "second");
    }
}
