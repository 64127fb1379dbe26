package dev.qiuth.javalin;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import dev.qiuth.RequestView;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Objects;

/**
 * A Javalin {@code before} handler that protects routes with Qiuth: it builds a
 * {@link RequestView} from the {@link Context} (the body through Javalin's cache, so the endpoint
 * reads it again), answers a denial with the engine's ready response and skips the remaining
 * handlers, and on a grant stores the {@link QiuthPrincipal} as the context attribute
 * {@link Qiuth#PRINCIPAL_ATTRIBUTE}.
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
        Headers.Builder headers = Headers.builder();
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                headers.add(name, values.nextElement());
            }
        }
        RequestView view = RequestView.builder()
                .method(req.getMethod())
                .scheme(req.getScheme())
                .hostHeader(req.getHeader("Host"))
                .rawPath(req.getRequestURI())
                .rawQuery(req.getQueryString())
                .headers(headers.build())
                .remoteAddress(req.getRemoteAddr())
                .protocol(req.getProtocol())
                .body(new CachedBodyStream(ctx), req.getContentLengthLong())
                .build();
        Decision decision = qiuth.authenticate(view);
        if (decision instanceof Decision.Granted granted) {
            ctx.attribute(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
        } else {
            deny(ctx, ((Decision.Denied) decision).response());
        }
    }

    private static void deny(Context ctx, DenialResponse denial) {
        ctx.status(denial.status());
        denial.headers().forEach(ctx::header);
        ctx.result(denial.body());
        ctx.skipRemainingHandlers();
    }
}
