package dev.qiuth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body into memory, refusing to read past the engine's limit, so that the
 * engine judges the exact signed bytes and the adapter can still pass them on to the handler.
 */
final class BoundedBody {
    private static final byte[] EMPTY = new byte[0];

    private BoundedBody() {
    }

    /** A body larger than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("request body exceeds " + limit + " bytes");
        }
    }

    /**
     * Reads the whole stream, at most {@code limit} bytes. A stream that is already at its end
     * (a {@code GET}) costs one {@code read()} and no buffer.
     *
     * @throws TooLargeException when there are more
     */
    static byte[] read(InputStream in, int limit) throws IOException {
        if (in == null) {
            return EMPTY;
        }
        int first = in.read();
        if (first < 0) {
            return EMPTY;
        }
        if (limit == 0) {
            throw new TooLargeException(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        out.write(first);
        byte[] buf = new byte[(int) Math.min(8192, limit + 1L)];
        long total = 1;
        int n;
        while ((n = in.read(buf, 0, (int) Math.min(buf.length, limit + 1L - total))) > 0) {
            total += n;
            if (total > limit) {
                throw new TooLargeException(limit);
            }
            out.write(buf, 0, n);
            if (total == limit) {
                // one more byte tells whether the body ends here
                if (in.read() >= 0) {
                    throw new TooLargeException(limit);
                }
                break;
            }
        }
        return out.toByteArray();
    }
}
