package dev.qiuth.quarkus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import java.util.function.Consumer;

/**
 * Reads a request body into memory on the event loop, never past a limit, and leaves it in the
 * routing context for the route (as Vert.x's {@code BodyHandler} does), so the handler still gets
 * the very bytes that were signed.
 *
 * <pre>{@code
 * RequestBodyReader.read(rc, 65536, body -> check(body), () -> answer413(rc), () -> answer400(rc));
 * }</pre>
 *
 * Over the limit it calls {@code tooLarge} without reading more than it must; the caller answers,
 * and the connection is closed once the rest (at most one more limit's worth) has been dropped,
 * because closing with bytes unread would reset it before the client reads the answer.
 *
 * <p>A body the framing makes unreadable (a broken chunk) calls {@code malformed}, and the
 * connection is closed at once with {@link io.vertx.core.http.HttpConnection#close()}, which
 * flushes the answer first: Vert.x reports the decoder's error to the request from inside the read
 * and closes the channel right after, which would drop an answer still waiting for the read's flush.
 *
 * <p>A body with a {@code Content-Length} is read up to that length and the request is paused
 * before its end is delivered: Quarkus REST pauses every request it takes over, and pausing an
 * HTTP/2 request that has ended throws ("Request has already been read", quarkus#34393). For the
 * same reason an HTTP/2 request without {@code Content-Length} is passed on unread, as if it had
 * no body: a signature over its body fails (401), and a key that needs none lets the route read it.
 */
final class RequestBodyReader {
    private RequestBodyReader() {
    }

    /** Calls {@code then} with the body (null when the request has none), {@code tooLarge} or {@code malformed}. */
    static void read(RoutingContext rc, int limit, Consumer<Buffer> then, Runnable tooLarge, Runnable malformed) {
        HttpServerRequest request = rc.request();
        RoutingContextInternal context = (RoutingContextInternal) rc;
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (context.seenHandler(RoutingContextInternal.BODY_HANDLER)) { // a body handler ran before us
            Buffer body = rc.body().buffer();
            if (body != null && body.length() > limit) {
                tooLarge.run();
            } else {
                then.accept(body);
            }
        } else if (request.isEnded() || declaredLength(length) == 0
                || (length == null && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING))) {
            then.accept(null); // no body, or HTTP/2 without Content-Length: left unread (see above)
        } else if (declaredLength(length) > limit) {
            refuse(request, limit, tooLarge); // nothing read
        } else {
            long declared = declaredLength(length);
            context.visitHandler(RoutingContextInternal.BODY_HANDLER); // later body handlers must not wait for it
            Buffer body = Buffer.buffer();
            Runnable complete = () -> {
                request.handler(null).endHandler(null).exceptionHandler(null); // the route reads it from here
                context.setBody(body);
                then.accept(body);
            };
            request.handler(chunk -> {
                if (body.length() + chunk.length() > limit) {
                    refuse(request, limit, tooLarge); // replaces both handlers
                    return;
                }
                body.appendBuffer(chunk);
                if (body.length() == declared) {
                    request.pause(); // stop short of the end (see above)
                    complete.run();
                }
            });
            request.endHandler(end -> complete.run());
            request.exceptionHandler(error -> {
                request.handler(null).endHandler(null).exceptionHandler(closing -> { }); // answer once
                if (!request.response().closed()) { // not a client that went away
                    if (request.version() != HttpVersion.HTTP_2) { // connection headers are HTTP/1 only
                        request.response().putHeader(HttpHeaders.CONNECTION, "close");
                    }
                    malformed.run();
                    close(request); // flushes the answer first (see above)
                }
            });
            request.resume();
        }
    }

    private static void refuse(HttpServerRequest request, int limit, Runnable tooLarge) {
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > limit) {
                close(request);
            }
        });
        request.endHandler(end -> close(request));
        request.exceptionHandler(closedOnPurpose -> { }); // the answer is out; a cut connection is expected
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        tooLarge.run();
    }

    private static void close(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) { // an HTTP/2 connection carries other streams
            request.connection().close();
        }
    }

    private static long declaredLength(String contentLength) {
        try {
            return contentLength == null ? -1 : Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses malformed lengths before us; if one gets here, read it bounded
        }
    }
}
