package dev.qiuth.examples.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An output stream written by one thread in batches: a logging thread hands over its event and
 * goes on, without a lock, a wake-up or a system call; the writer wakes every {@code flushMillis},
 * formats what arrived and writes it with one {@code write}. Under load that is one system call
 * per thousand lines instead of one per line. The logback appender and the
 * {@code java.util.logging} handler of the examples both write through one.
 *
 * <p>No line is dropped: when {@code queueSize} events wait, a logging thread waits for the writer.
 * {@link #stop()} writes out what is left. Lines appear up to {@code flushMillis} late, in the
 * order they were handed over.
 *
 * @param <E> what a logging thread hands over; {@code format} turns it into the line's bytes
 */
final class BatchingWriter<E> {
    private final OutputStream out;
    private final Function<E, byte[]> format;
    private final BiConsumer<String, Exception> onError;
    private final int queueSize;
    private final long pauseNanos;
    private final Queue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Thread writer;
    private volatile boolean running;

    /**
     * @param onError told what failed (a line that could not be formatted, a failed write), never
     *                the line itself
     */
    BatchingWriter(String name, OutputStream out, Function<E, byte[]> format, int queueSize, long flushMillis,
            BiConsumer<String, Exception> onError) {
        if (queueSize < 1 || flushMillis < 1) {
            throw new IllegalArgumentException("queueSize and flushMillis must be positive");
        }
        this.out = out;
        this.format = format;
        this.onError = onError;
        this.queueSize = queueSize;
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        this.writer = new Thread(this::writeUntilStopped, "log-writer-" + name);
        writer.setDaemon(true);
    }

    void start() {
        running = true;
        writer.start();
    }

    void add(E event) {
        while (waiting.get() >= queueSize && running) {
            // the writer is behind: wake it, and wait as a blocking console would
            LockSupport.unpark(writer);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        waiting.incrementAndGet();
        queue.add(event);
        if (!running) {
            writeBatch(); // stopped meanwhile: nobody else will write it
        }
    }

    /** Stops the writer thread and writes what is left; later events are written by their own thread. */
    void stop() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeBatch();
    }

    private void writeUntilStopped() {
        while (running) {
            writeBatch();
            if (waiting.get() < queueSize / 2) {
                LockSupport.parkNanos(pauseNanos);
            }
        }
    }

    /** Formats every waiting event and writes them with one call. Synchronized: the writer, or a stopping thread. */
    private synchronized void writeBatch() {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(8192);
        E event;
        while ((event = queue.poll()) != null) {
            waiting.decrementAndGet();
            try {
                batch.writeBytes(format.apply(event));
            } catch (RuntimeException e) {
                onError.accept("could not format a log event", e);
            }
        }
        if (batch.size() == 0) {
            return;
        }
        try {
            batch.writeTo(out);
            out.flush();
        } catch (IOException e) {
            onError.accept("could not write the log", e);
        }
    }
}
