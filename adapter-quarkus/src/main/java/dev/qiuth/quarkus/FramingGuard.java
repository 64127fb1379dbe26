package dev.qiuth.quarkus;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.lang.reflect.Field;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Answers 400 and closes the connection for a request whose body length is ambiguous (RFC 9112
 * §6.1, §6.3), on every route, protected or not: a request smuggled in such a body must never be
 * answered.
 *
 * <p>Two halves, because Netty hides one case from every Vert.x handler:
 * <ul>
 *   <li>{@code Content-Length} with {@code Transfer-Encoding: chunked}: Netty's decoder drops the
 *       {@code Content-Length} before Vert.x sees the request, and reads on after the chunked
 *       body. So a {@link HeaderBlockCheck} ahead of every handler of each connection refuses the pair in
 *       the raw bytes; it is added as the server accepts a connection, by a hook on the listening
 *       channel placed when the server starts (reached through Vert.x internals; should that fail,
 *       the hook is placed at the first request, for the connections after it).</li>
 *   <li>A {@code Transfer-Encoding} other than {@code chunked} alone: refused by the same check,
 *       and should a connection have none, by this route filter before any other runs (the
 *       headers show it).</li>
 * </ul>
 */
@Singleton
public class FramingGuard implements io.vertx.core.Handler<RoutingContext> {
    /** Before every other filter, {@link QiuthRouteFilter} included: higher priorities run first. */
    public static final int PRIORITY = 10_000;
    private static final Logger LOG = Logger.getLogger(FramingGuard.class);
    private static final String CHECK = "qiuth-header-block-check";
    private static final AttributeKey<Boolean> HOOKED = AttributeKey.valueOf("qiuth-framing-hooked");

    void register(@Observes Filters filters) {
        filters.register(this, PRIORITY);
    }

    /** Hooks the listening server's channel, so every connection it accepts from now on gets a {@link HeaderBlockCheck}. */
    void started(@ObservesAsync HttpServerStart start, Vertx vertx) {
        // the start event carries no channel; the shared server registry of Vert.x has it
        try {
            for (HttpServerImpl server : ((VertxInternal) vertx).sharedHttpServers().values()) {
                Channel listening = listeningChannel(server);
                if (listening != null) {
                    hook(listening);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another Vert.x: each connection is then made strict on its first request
            LOG.debugf("no hook on the listening channel (%s); connections are made strict on their first request",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.version() != HttpVersion.HTTP_2 && request.connection() instanceof ConnectionBase connection
                && connection.channel().parent() != null) {
            hook(connection.channel().parent()); // when the start hook found no channel: connections from now on
        }
        List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (!codings.isEmpty() && (!onlyChunked(codings) || request.headers().contains(HttpHeaders.CONTENT_LENGTH))) {
            refuse(rc);
            return;
        }
        rc.next();
    }

    /** 400 and a close, as {@link HeaderBlockCheck} answers: no route, filter or engine has seen the request. */
    private static void refuse(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        request.response().setStatusCode(400).putHeader(HttpHeaders.CONNECTION, "close").end();
        request.connection().close(); // now, before Vert.x serves a request pipelined after this one
    }

    /** True when the codings are {@code chunked} alone: the only one Netty decodes, and it must come last. */
    private static boolean onlyChunked(List<String> codings) {
        for (String header : codings) {
            for (String coding : header.split(",")) {
                if (!coding.trim().equalsIgnoreCase("chunked")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void hook(Channel listening) {
        if (listening.attr(HOOKED).setIfAbsent(Boolean.TRUE) == null) {
            listening.pipeline().addFirst(new AcceptHook());
        }
    }

    private static Channel listeningChannel(HttpServerImpl server) throws ReflectiveOperationException {
        Field bindFuture = TCPServerBase.class.getDeclaredField("bindFuture");
        bindFuture.setAccessible(true);
        Object future = bindFuture.get(server);
        return future instanceof io.vertx.core.Future<?> f && f.result() instanceof Channel channel ? channel : null;
    }

    /** On the listening channel: puts a {@link HeaderBlockCheck} ahead of Vert.x's handlers on each accepted connection. */
    @ChannelHandler.Sharable
    private static final class AcceptHook extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                accepted.pipeline().addLast(CHECK, new HeaderBlockCheck());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
