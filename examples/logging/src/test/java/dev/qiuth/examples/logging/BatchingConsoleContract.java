package dev.qiuth.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every batching console front end must do, whichever logging library it plugs into: the
 * logback appender and the {@code java.util.logging} handler each run these checks.
 */
abstract class BatchingConsoleContract {
    /** What the front end writes to, in place of standard output. */
    final RecordingStream sink = new RecordingStream();

    /** Starts the front end writing to {@link #sink}. */
    abstract void open(int queueSize, long flushMillis);

    /** Logs one line at INFO, its text passed as an argument of the message (formatted late where the library defers it). */
    abstract void log(String text);

    /** Stops the front end: what is left is written. */
    abstract void close();

    @Test
    void everyLineIsWrittenOnceAndInOrderWhenLoggersOutrunTheWriter() throws Exception {
        open(16, 1);
        int threads = 4;
        int lines = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + " line ";
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < lines; i++) {
                    log(prefix + i);
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        }
        close();

        List<String> written = sink.lines();
        assertThat(written).hasSize(threads * lines);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + " line ";
            List<String> own = written.stream().filter(l -> l.startsWith(prefix)).toList();
            assertThat(own).hasSize(lines);
            for (int i = 0; i < lines; i++) {
                assertThat(own.get(i)).isEqualTo(prefix + i);
            }
        }
    }

    @Test
    void aThousandLinesTakeAtMostTwoWritesNotOneEach() {
        open(65_536, TimeUnit.MINUTES.toMillis(1));
        for (int i = 0; i < 1_000; i++) {
            log("audit line " + i);
        }
        close();

        assertThat(sink.lines()).hasSize(1_000).startsWith("audit line 0").endsWith("audit line 999");
        assertThat(sink.writes()).isBetween(1, 2);
    }

    @Test
    void linesAppearWithinTheFlushIntervalWithoutAStop() {
        open(1_024, 5);
        log("first");
        log("second");
        // waits for the writer thread, not for time to pass in the code under test
        Eventually.within(Duration.ofSeconds(10), () -> sink.lines().size() >= 2);
        assertThat(sink.lines()).containsExactly("first", "second");
    }
}
