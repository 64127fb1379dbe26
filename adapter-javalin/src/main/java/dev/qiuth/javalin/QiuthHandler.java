package dev.qiuth.javalin;

import dev.qiuth.BoundedBody;
import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import dev.qiuth.RequestView;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Objects;

/**
 * A Javalin {@code before} handler that protects routes with Qiuth: it builds a
 * {@link RequestView} from the {@link Context} (the body through Javalin's cache, so the endpoint
 * reads it again), answers a denial with the engine's ready response and skips the remaining
 * handlers, and on a grant stores the {@link QiuthPrincipal} as the context attribute
 * {@link Qiuth#PRINCIPAL_ATTRIBUTE}.
 *
 * <p>Bodies over {@link Qiuth#maxBodyBytes()} get the engine's 413: refused on their
 * {@code Content-Length} before anything is read, or after Javalin's own bounded read (which
 * stops at {@code cfg.http.maxRequestSize}; its 413 is answered the same way).
 *
 * <pre>{@code
 * Javalin app = Javalin.create(cfg -> {
 *     cfg.routes.before("/api/*", QiuthHandler.of(qiuth));
 *     cfg.routes.get("/api/hello", ctx -> ctx.result("hello " + QiuthHandler.principal(ctx).getName()));
 * }).start(8080);
 * }</pre>
 */
public final class QiuthHandler implements Handler {
    private final Qiuth qiuth;

    private QiuthHandler(Qiuth qiuth) {
        this.qiuth = Objects.requireNonNull(qiuth, "qiuth");
    }

    /** A handler judging every request it is registered for with {@code qiuth}. */
    public static QiuthHandler of(Qiuth qiuth) {
        return new QiuthHandler(qiuth);
    }

    /**
     * The caller of a granted request.
     *
     * @throws IllegalStateException when no Qiuth handler granted this request (the route is not
     *                               protected): a configuration error, answered 500, never anonymous access
     */
    public static QiuthPrincipal principal(Context ctx) {
        QiuthPrincipal principal = ctx.attribute(Qiuth.PRINCIPAL_ATTRIBUTE);
        if (principal == null) {
            throw new IllegalStateException("no Qiuth principal: this route is not protected by QiuthHandler");
        }
        return principal;
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.attribute(Qiuth.PRINCIPAL_ATTRIBUTE) != null) {
            return; // granted already by a handler on an overlapping path: judging twice would be a replay
        }
        HttpServletRequest req = ctx.req();
        byte[] body;
        try {
            body = boundedBody(ctx);
        } catch (UncheckedIOException e) {
            deny(ctx, qiuth.malformedBody(req.getMethod(), req.getRequestURI(), req.getRemoteAddr()).response());
            return;
        }
        if (body == null) {
            deny(ctx, qiuth.bodyTooLarge(req.getMethod(), req.getRequestURI(), req.getRemoteAddr()).response());
            return;
        }
        Headers.Builder headers = Headers.builder();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.addAll(name, Collections.list(req.getHeaders(name)));
        }
        RequestView view = RequestView.builder()
                .method(req.getMethod())
                .scheme(req.getScheme())
                .hostHeader(req.getHeader("Host"))
                .rawPath(req.getRequestURI())
                .rawQuery(req.getQueryString())
                .headers(headers.build())
                .remoteAddress(req.getRemoteAddr())
                .body(body)
                .build();
        Decision decision = qiuth.authenticate(view);
        if (decision instanceof Decision.Granted granted) {
            ctx.attribute(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
        } else {
            deny(ctx, ((Decision.Denied) decision).response());
        }
    }

    /**
     * The body, read once and cached by Javalin; null when it is over the limit.
     *
     * @throws UncheckedIOException when it cannot be read
     */
    private byte[] boundedBody(Context ctx) {
        if (BoundedBody.declaredTooLarge(ctx.req().getContentLengthLong(), qiuth.maxBodyBytes())) {
            return null;
        }
        try {
            byte[] body = ctx.bodyAsBytes();
            return body.length > qiuth.maxBodyBytes() ? null : body;
        } catch (HttpResponseException e) {
            if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
                return null; // over Javalin's http.maxRequestSize, which bounded the read
            }
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // an IOException that Kotlin lets through undeclared: a broken chunk, a cut connection
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static void deny(Context ctx, DenialResponse denial) {
        ctx.status(denial.status());
        denial.headers().forEach(ctx::header);
        ctx.result(denial.body());
        ctx.skipRemainingHandlers();
    }
}
