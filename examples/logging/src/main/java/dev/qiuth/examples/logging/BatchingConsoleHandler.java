package dev.qiuth.examples.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler (the JBoss log manager's too, as in Quarkus) writing
 * standard output in batches through a {@link BatchingWriter}. The line is formatted by the
 * logging thread, with the handler's formatter, as the record's lazily read parts (its thread, its
 * MDC) are there; the writer thread only collects and writes. No line is dropped. The formatter is
 * a {@code SimpleFormatter} until one is set.
 *
 * <pre>{@code
 * BatchingConsoleHandler handler = new BatchingConsoleHandler("audit", 65_536, 20);
 * handler.setFormatter(formatter);
 * Logger.getLogger("dev.qiuth.audit").addHandler(handler);
 * }</pre>
 */
public final class BatchingConsoleHandler extends Handler {
    private final BatchingWriter<byte[]> writer;

    /**
     * @param queueSize   lines that may wait for the writer before a logging thread waits too
     * @param flushMillis how long the writer sleeps between batches
     */
    public BatchingConsoleHandler(String name, int queueSize, long flushMillis) {
        this(name, new FileOutputStream(FileDescriptor.out), queueSize, flushMillis);
    }

    BatchingConsoleHandler(String name, OutputStream out, int queueSize, long flushMillis) {
        writer = new BatchingWriter<>(name, out, Function.identity(), queueSize, flushMillis,
                (what, e) -> reportError(what, e, ErrorManager.WRITE_FAILURE));
        setFormatter(new SimpleFormatter());
        writer.start();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("could not format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        writer.add(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Lines are written by the writer within its interval; {@link #close()} writes out the rest. */
    @Override
    public void flush() {
    }

    @Override
    public void close() {
        writer.stop();
    }
}
