package dev.qiuth.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Threads logging numbered lines at once, and the check that each thread's lines came out whole and in order. */
final class LoggingThreads {
    /** Logs line {@code i} of thread {@code t} as {@code "t<t> line <i>"}. */
    interface LineLogger {
        void log(int thread, int line);
    }

    private LoggingThreads() {
    }

    /** Starts the threads together, each logging its lines, and waits for them all. */
    static void run(int threads, int lines, LineLogger logger) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < lines; i++) {
                    logger.log(id, i);
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        }
    }

    /** Every line of every thread written once, each thread's in the order it logged them. */
    static void assertEachThreadsLinesWholeAndInOrder(List<String> written, int threads, int lines) {
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
}
