package dev.qiuth.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleHandlerTest {
    private final RecordingStream sink = new RecordingStream();
    private final Logger logger = Logger.getLogger("batching-handler-" + System.nanoTime());
    private BatchingConsoleHandler handler;

    private Logger logger(int queueSize, long flushMillis) {
        handler = new BatchingConsoleHandler("test", sink, queueSize, flushMillis);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return formatMessage(record) + "\n";
            }
        });
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        return logger;
    }

    @AfterEach
    void close() {
        logger.removeHandler(handler);
        handler.close();
    }

    @Test
    void everyLineIsWrittenOnceAndInOrderWhenLoggersOutrunTheWriter() throws Exception {
        Logger log = logger(16, 1);
        int threads = 4;
        int lines = 5_000;
        LoggingThreads.run(threads, lines, (t, i) -> log.log(Level.INFO, "t{0} line {1}", new Object[] {t, Integer.toString(i)}));
        handler.close();

        LoggingThreads.assertEachThreadsLinesWholeAndInOrder(sink.lines(), threads, lines);
    }

    @Test
    void aThousandLinesTakeAtMostTwoWritesNotOneEach() {
        Logger log = logger(65_536, TimeUnit.MINUTES.toMillis(1));
        for (int i = 0; i < 1_000; i++) {
            log.info("audit line " + i);
        }
        handler.close();

        assertThat(sink.lines()).hasSize(1_000).startsWith("audit line 0").endsWith("audit line 999");
        assertThat(sink.writes()).isBetween(1, 2);
    }

    @Test
    void writesOnlyTheRecordsItsLevelLetThrough() {
        Logger log = logger(1_024, TimeUnit.MINUTES.toMillis(1));
        handler.setLevel(Level.WARNING);
        log.info("quiet");
        log.warning("loud");
        handler.close();

        assertThat(sink.lines()).containsExactly("loud");
    }

    @Test
    void linesAppearWithinTheFlushIntervalWithoutAClose() throws Exception {
        Logger log = logger(1_024, 5);
        log.info("first");
        log.info("second");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.lines().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5); // waits for the writer thread, not for time to pass in the code under test
        }
        assertThat(sink.lines()).containsExactly("first", "second");
    }
}
