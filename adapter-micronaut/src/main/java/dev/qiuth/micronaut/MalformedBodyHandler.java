package dev.qiuth.micronaut;

import dev.qiuth.Decision;
import dev.qiuth.Qiuth;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;

/**
 * Answers a body that could not be read ({@link MalformedBodyDetector}) with Qiuth's 400
 * {@code MALFORMED_REQUEST}, copied like any denial: the failed body reaches here from the
 * filter's (or a controller's) body binding, before anything judged it.
 */
@Singleton
@Requires(classes = ExceptionHandler.class)
final class MalformedBodyHandler implements ExceptionHandler<MalformedBodyHandler.MalformedBodyException, HttpResponse<?>> {
    private final Qiuth qiuth;

    MalformedBodyHandler(Qiuth qiuth) {
        this.qiuth = qiuth;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public HttpResponse<?> handle(HttpRequest request, MalformedBodyException exception) {
        // the engine reads the failure as an unreadable body: 400, and the connection closed, since
        // Netty's decoder discards all that follows on it
        InputStream failed = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("body unreadable");
            }
        };
        return QiuthFilter.copy(((Decision.Denied) qiuth.authenticate(
                QiuthFilter.view((HttpRequest<?>) request).body(failed, -1).build())).response());
    }

    /** The body ended in bytes that are no HTTP framing; the cause says how. */
    static final class MalformedBodyException extends RuntimeException {
        MalformedBodyException(Throwable cause) {
            // not the cause's message: it may quote what the client sent
            super("malformed request body", cause, false, false);
        }
    }
}
