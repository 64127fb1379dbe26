package dev.qiuth.micronaut;

import dev.qiuth.Qiuth;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

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
        // Netty's decoder discards all that follows on this connection: a next request would hang
        return QiuthFilter.copy(qiuth.malformedBody(request.getMethodName(), request.getUri().getRawPath(),
                QiuthFilter.peer(request)).response()).header(HttpHeaders.CONNECTION, "close");
    }

    /** The body ended in bytes that are no HTTP framing; the cause says how. */
    static final class MalformedBodyException extends RuntimeException {
        MalformedBodyException(Throwable cause) {
            // not the cause's message: it may quote what the client sent
            super("malformed request body", cause, false, false);
        }
    }
}
