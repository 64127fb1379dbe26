package dev.qiuth.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import jakarta.inject.Singleton;

/**
 * Turns a request body that Netty could not decode (a chunk size that is no hex number, say) into
 * a failed body, which {@link MalformedBodyHandler} answers with Qiuth's 400.
 *
 * <p>Why: Netty's {@code HttpObjectDecoder} reports a broken chunk as an empty
 * {@code LastHttpContent} whose {@code decoderResult()} is a failure (the request's own result
 * stays a success), and Micronaut 4.10's {@code PipeliningServerHandler} never looks at that
 * result: it takes the part for the normal end of the body. The filter and the controller would
 * see a complete body that is empty or cut short, and a key-only request would be granted. Passed
 * on as an upstream error instead, the failure fails the body, just as a connection closed
 * mid-body does, wherever the body is being read.
 *
 * <p>Only on Micronaut's Netty server; another server reports its own framing errors.
 */
@Singleton
@Requires(classes = NettyServerCustomizer.class)
final class MalformedBodyDetector implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final String NAME = "qiuth-malformed-body";

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Without a channel: the server-wide root, specialized for each connection and stream. */
    private record Customizer(@Nullable Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null
                    && channel.pipeline().get(NAME) == null) {
                channel.pipeline().addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, NAME, Detector.INSTANCE);
            }
        }
    }

    @ChannelHandler.Sharable
    private static final class Detector extends ChannelInboundHandlerAdapter {
        static final Detector INSTANCE = new Detector();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
                Throwable cause = content.decoderResult().cause();
                content.release();
                ctx.fireExceptionCaught(new MalformedBodyHandler.MalformedBodyException(cause));
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }
}
