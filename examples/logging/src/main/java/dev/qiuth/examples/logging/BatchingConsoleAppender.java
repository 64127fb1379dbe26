package dev.qiuth.examples.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Standard output written by one thread in batches: a logging thread hands over its event and goes
 * on, without a lock, a wake-up or a system call; the writer wakes every {@code flushMillis},
 * formats what arrived and writes it with one {@code write}. Under load that is one system call per
 * thousand lines instead of one per line (the JDK's {@code System.out} flushes every line).
 *
 * <p>No line is dropped: when {@code queueSize} events wait, a logging thread waits for the writer.
 * {@link #stop()} (logback's shutdown hook) writes out what is left. Lines appear up to
 * {@code flushMillis} late, in the order they were handed over.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final OutputStream out;
    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 65_536;
    private long flushMillis = 20;
    private volatile Thread writer;

    public BatchingConsoleAppender() {
        this(new FileOutputStream(FileDescriptor.out));
    }

    BatchingConsoleAppender(OutputStream out) {
        this.out = out;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Events that may wait for the writer before a logging thread waits too (65,536 by default). */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long the writer sleeps between batches (20 ms by default). */
    public void setFlushMillis(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        if (queueSize < 1 || flushMillis < 1) {
            addError("queueSize and flushMillis must be positive");
            return;
        }
        Thread t = new Thread(this::writeUntilStopped, "log-writer-" + name);
        t.setDaemon(true);
        writer = t;
        super.start();
        t.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        while (waiting.get() >= queueSize && isStarted()) {
            // the writer is behind: wake it, and wait as a blocking console would
            LockSupport.unpark(writer);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        waiting.incrementAndGet();
        queue.add(event);
        if (!isStarted()) {
            writeBatch(); // stopped meanwhile: nobody else will write it
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        Thread t = writer;
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeBatch();
    }

    private void writeUntilStopped() {
        long pause = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        while (isStarted()) {
            writeBatch();
            if (waiting.get() < queueSize / 2) {
                LockSupport.parkNanos(pause);
            }
        }
    }

    /** Formats every waiting event and writes them with one call. Synchronized: the writer, or a stopping thread. */
    private synchronized void writeBatch() {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(8192);
        ILoggingEvent event;
        while ((event = queue.poll()) != null) {
            waiting.decrementAndGet();
            try {
                batch.writeBytes(encoder.encode(event));
            } catch (RuntimeException e) {
                addError("could not format a log event", e);
            }
        }
        if (batch.size() == 0) {
            return;
        }
        try {
            batch.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("could not write to standard output", e);
        }
    }
}
