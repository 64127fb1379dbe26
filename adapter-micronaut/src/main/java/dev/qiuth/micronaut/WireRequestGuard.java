package dev.qiuth.micronaut;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Sees each HTTP/1 request as Netty decoded it from the wire, before Micronaut's handler does,
 * for the two things Micronaut hides from a filter.
 *
 * <ul>
 *   <li>A request line Netty could not decode (no version, say), or whose target holds bytes no
 *       request-target may hold (raw UTF-8, controls), is answered 400 here and the connection
 *       closed: Micronaut would hand the filters a stand-in request for {@code /} without the
 *       headers sent (judged as a request without a key), or fail with a logged stack trace and
 *       no answer.</li>
 *   <li>A body with a {@code Content-Encoding} is decompressed inside Micronaut's handler, which
 *       also drops {@code Content-Length} and {@code Content-Encoding} from the headers; the
 *       signature covers the bytes as sent (PROTOCOL.md). So for such a request the headers and
 *       the raw body (at most the engine's limit and one byte more) are recorded here, and
 *       {@link QiuthFilter} judges those ({@link #asSent}). The handler still gets the
 *       decompressed body.</li>
 *   <li>A {@code Transfer-Encoding} whose last coding is not {@code chunked} leaves the body's
 *       length unknown (RFC 9112 §6.3): Netty would read it as no body and the body's bytes as
 *       the next request. It is answered 400 here and the connection closed.</li>
 * </ul>
 */
@Singleton
@Requires(classes = NettyServerCustomizer.class)
final class WireRequestGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final String NAME = "qiuth-wire-request";
    private static final AttributeKey<Deque<Recording>> RECORDINGS = AttributeKey.valueOf("qiuth-encoded-bodies");
    /** Micronaut reads at most one request ahead of the one it answers: more are never waiting. */
    private static final int MAX_WAITING = 4;

    private final Provider<Qiuth> qiuth;

    WireRequestGuard(Provider<Qiuth> qiuth) {
        this.qiuth = qiuth;
    }

    /** A request's headers and body as they came on the wire, when Micronaut decoded its body. */
    record Sent(Headers headers, byte[] body) {
    }

    /**
     * The headers and body as sent of a request whose body Micronaut decompressed, taken (each
     * once); null for any other request, whose view Micronaut's request gives as it came.
     */
    @Nullable
    static Sent asSent(HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return null;
        }
        Deque<Recording> recordings = netty.getChannelHandlerContext().channel().attr(RECORDINGS).get();
        if (recordings == null) {
            return null;
        }
        synchronized (recordings) {
            for (Recording r : recordings) {
                if (r.request == netty.getNativeRequest()) {
                    recordings.remove(r);
                    return new Sent(r.headers, r.body.toByteArray());
                }
            }
        }
        return null;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null, this));
        return event.getBean();
    }

    private record Customizer(@Nullable Channel channel, WireRequestGuard guard) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel, guard);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null
                    && channel.pipeline().get(NAME) == null) {
                channel.pipeline().addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, NAME,
                        guard.new Watcher(guard.qiuth.get().maxBodyBytes() + 1));
                ChannelHandlerContext decoder = channel.pipeline().context(HttpServerCodec.class);
                if (decoder == null) {
                    decoder = channel.pipeline().context(HttpRequestDecoder.class);
                }
                if (decoder != null) {
                    channel.pipeline().addBefore(decoder.name(), NAME + "-line", new FirstLineCheck(guard.qiuth));
                }
            }
        }
    }

    /** One per connection: it remembers which request's body it is recording. */
    private final class Watcher extends ChannelInboundHandlerAdapter {
        private final int recordLimit;
        @Nullable
        private Recording recording;
        /** After a refusal: what follows on this connection is dropped, unread by Micronaut. */
        private boolean refused;

        Watcher(int recordLimit) {
            this.recordLimit = recordLimit;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof io.netty.handler.codec.http.HttpRequest request) {
                recording = null;
                if (request.decoderResult().isFailure() || request.protocolVersion().majorVersion() != 1
                        || !isRequestTarget(request.uri()) || !endsInChunked(request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING))) {
                    io.netty.util.ReferenceCountUtil.release(msg);
                    refused = true;
                    refuse(ctx, qiuth.get());
                    return;
                }
                if (request.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
                    record(ctx, request);
                }
            }
            if (msg instanceof HttpContent content && recording != null) { // a FullHttpRequest is both
                int room = recordLimit - recording.body.size();
                int n = Math.min(room, content.content().readableBytes());
                if (n > 0) {
                    byte[] bytes = new byte[n];
                    content.content().getBytes(content.content().readerIndex(), bytes);
                    recording.body.writeBytes(bytes);
                }
            }
            ctx.fireChannelRead(msg);
        }

        private void record(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpRequest request) {
            Headers.Builder headers = Headers.builder();
            for (Map.Entry<String, String> header : request.headers()) {
                headers.add(header.getKey(), header.getValue());
            }
            recording = new Recording(request, headers.build());
            Deque<Recording> recordings = ctx.channel().attr(RECORDINGS).setIfAbsent(new ArrayDeque<>());
            if (recordings == null) {
                recordings = ctx.channel().attr(RECORDINGS).get();
            }
            synchronized (recordings) {
                while (recordings.size() >= MAX_WAITING) {
                    recordings.removeFirst(); // a request no filter took: an unprotected path
                }
                recordings.addLast(recording);
            }
        }

    }

    /** Qiuth's 400 for a request it could not read, then the connection is closed. */
    private static void refuse(ChannelHandlerContext ctx, Qiuth engine) {
        InetSocketAddress peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        // the engine's own 400 for what it cannot read, audited like every refusal
        InputStream unreadable = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("request line unreadable");
            }
        };
        Decision decision = engine.authenticate(RequestView.builder().method("GET").rawPath("/")
                .remoteAddress(peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress())
                .body(unreadable, -1).build());
        DenialResponse denial = ((Decision.Denied) decision).response();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(denial.status()), Unpooled.wrappedBuffer(denial.body()));
        denial.headers().forEach(response.headers()::set);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, denial.body().length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // what follows a line the decoder could not read cannot be framed: nothing more is served here.
        // From the channel's tail, so that the response encoder (after a check placed before the decoder) sees it
        ctx.channel().config().setAutoRead(false);
        ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Reads the connection's first request line before Netty's decoder does, which skips a line of
     * fewer than three parts (HTTP/0.9's {@code GET /path}) and waits for a better one: the client
     * would get no answer at all. A line that is not {@code METHOD SP target SP HTTP/x.y} in
     * visible ASCII is refused. Later requests on the connection are left to the decoder and
     * {@link Watcher}.
     */
    private static final class FirstLineCheck extends ChannelInboundHandlerAdapter {
        private static final int MAX_LINE = 8192;
        private final Provider<Qiuth> qiuth;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        FirstLineCheck(Provider<Qiuth> qiuth) {
            this.qiuth = qiuth;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.buffer.ByteBuf bytes) {
                for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                    byte b = bytes.getByte(i);
                    if (b == '\n') {
                        if (!isRequestLine(line.toString(java.nio.charset.StandardCharsets.ISO_8859_1).strip())) {
                            bytes.release();
                            ctx.pipeline().remove(this);
                            refuse(ctx, qiuth.get());
                            return;
                        }
                        ctx.pipeline().remove(this);
                        ctx.fireChannelRead(msg);
                        return;
                    }
                    if (line.size() < MAX_LINE) {
                        line.write(b);
                    }
                }
                if (line.size() >= MAX_LINE) {
                    ctx.pipeline().remove(this); // too long to be judged here: the decoder refuses it
                }
            }
            ctx.fireChannelRead(msg);
        }

        private static boolean isRequestLine(String line) {
            if (line.isEmpty()) {
                return true; // RFC 9112 §2.2: empty lines before a request are skipped
            }
            String[] parts = line.split(" ", -1);
            return parts.length == 3 && !parts[0].isEmpty() && isRequestTarget(parts[1])
                    && parts[2].matches("HTTP/[0-9]\\.[0-9]"); // the major version is judged by the Watcher
        }
    }

    /** True when there is no {@code Transfer-Encoding}, or its last coding is {@code chunked}. */
    private static boolean endsInChunked(java.util.List<String> transferEncodings) {
        if (transferEncodings.isEmpty()) {
            return true;
        }
        String all = String.join(",", transferEncodings);
        String last = all.substring(all.lastIndexOf(',') + 1).trim();
        return last.equalsIgnoreCase("chunked");
    }

    /** RFC 9112 §3.2: a request-target is visible US-ASCII; anything else was never meant as one. */
    private static boolean isRequestTarget(String target) {
        if (target.isEmpty()) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static final class Recording {
        final io.netty.handler.codec.http.HttpRequest request;
        final Headers headers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Recording(io.netty.handler.codec.http.HttpRequest request, Headers headers) {
            this.request = request;
            this.headers = headers;
        }
    }
}
