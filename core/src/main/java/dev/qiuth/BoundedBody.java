package dev.qiuth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body into memory, refusing to read past a limit, so that adapters can hand
 * the engine the exact signed bytes and still pass them on to the handler.
 *
 * <pre>{@code
 * byte[] body = BoundedBody.read(request.getInputStream(), qiuth.maxBodyBytes());
 * }</pre>
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** Thrown when a body is larger than the limit; answer with {@link Qiuth#bodyTooLarge}. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("request body exceeds " + limit + " bytes");
        }
    }

    /**
     * Whether a declared {@code Content-Length} is already over the limit (then there is no need
     * to read anything).
     */
    public static boolean declaredTooLarge(long contentLength, int limit) {
        return contentLength > limit;
    }

    /**
     * Reads the whole stream, at most {@code limit} bytes.
     *
     * @throws TooLargeException when there are more
     */
    public static byte[] read(InputStream in, int limit) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf, 0, (int) Math.min(buf.length, limit + 1L - total))) > 0) {
            total += n;
            if (total > limit) {
                throw new TooLargeException(limit);
            }
            out.write(buf, 0, n);
            if (total == limit) {
                // one more byte tells whether the body ends here
                int extra = in.read();
                if (extra >= 0) {
                    throw new TooLargeException(limit);
                }
                break;
            }
        }
        return out.toByteArray();
    }
}
