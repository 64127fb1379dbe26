package dev.qiuth.examples.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Standard output stand-in: what was written, and in how many calls. */
final class RecordingStream extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int writes;

    @Override
    public synchronized void write(int b) {
        writes++;
        bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        writes++;
        bytes.write(b, off, len);
    }

    synchronized int writes() {
        return writes;
    }

    synchronized List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}
