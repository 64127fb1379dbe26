package dev.qiuth.javalin;

import dev.qiuth.RequestView;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body through Javalin's own cache ({@code ctx.bodyAsBytes()}), read on the engine's first
 * read, so that the endpoint gets the same bytes again. Javalin's bounded read stopping at its
 * {@code maxRequestSize} reads as a body over the limit; anything else it throws (a broken
 * chunk, a cut connection) as an unreadable one.
 */
final class CachedBodyStream extends InputStream {
    private final Context ctx;
    private InputStream bytes;

    CachedBodyStream(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public int read() throws IOException {
        return bytes().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return bytes().read(b, off, len);
    }

    private InputStream bytes() throws IOException {
        if (bytes == null) {
            try {
                bytes = new ByteArrayInputStream(ctx.bodyAsBytes());
            } catch (HttpResponseException e) {
                if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
                    throw new RequestView.BodyOverLimitException();
                }
                throw new IOException("body unreadable", e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // an IOException that Kotlin lets through undeclared
                throw new IOException("body unreadable", e);
            }
        }
        return bytes;
    }
}
