package dev.qiuth.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleHandlerTest extends BatchingConsoleContract {
    private final Logger logger = Logger.getLogger("batching-handler-" + System.nanoTime());
    private BatchingConsoleHandler handler;

    @Override
    void open(int queueSize, long flushMillis) {
        handler = new BatchingConsoleHandler("test", sink, queueSize, flushMillis);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return formatMessage(record) + "\n";
            }
        });
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    @Override
    void log(String text) {
        logger.log(Level.INFO, "{0}", text);
    }

    @Override
    void close() {
        handler.close();
    }

    @AfterEach
    void remove() {
        logger.removeHandler(handler);
        handler.close();
    }

    @Test
    void writesOnlyTheRecordsItsLevelLetThrough() {
        open(1_024, TimeUnit.MINUTES.toMillis(1));
        handler.setLevel(Level.WARNING);
        logger.info("quiet");
        logger.warning("loud");
        handler.close();

        assertThat(sink.lines()).containsExactly("loud");
    }
}
