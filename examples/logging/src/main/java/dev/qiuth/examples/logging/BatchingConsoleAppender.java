package dev.qiuth.examples.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * A logback appender writing standard output in batches through a {@link BatchingWriter}: a
 * logging thread neither locks, wakes a thread nor makes a system call per line (the JDK's
 * {@code System.out} flushes every line). Events are formatted by the writer thread.
 *
 * <p>No line is dropped: when {@code queueSize} events wait, a logging thread waits for the writer.
 * {@link #stop()} (logback's shutdown hook) writes out what is left.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final OutputStream out;
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 65_536;
    private long flushMillis = 20;
    private BatchingWriter<ILoggingEvent> writer;

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
        writer = new BatchingWriter<>(name, out, encoder::encode, queueSize, flushMillis, this::addError);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        writer.add(event);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        writer.stop();
    }
}
