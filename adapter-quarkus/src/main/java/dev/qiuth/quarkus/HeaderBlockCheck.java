package dev.qiuth.quarkus;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the bytes of one HTTP/1 connection before any Vert.x or Netty handler does, and refuses
 * with 400 and a closed connection a header block that carries {@code Content-Length} together
 * with {@code Transfer-Encoding}, or a {@code Transfer-Encoding} other than {@code chunked}.
 *
 * <p>Why here: Netty's decoder drops the {@code Content-Length} of such a request and reads the
 * body as chunked, so no Vert.x handler can see the pair, and the bytes after the chunked end are
 * served as a request of their own (RFC 9112 §6.1 asks for 400 and a close). The decoder cannot
 * be swapped for a stricter one: Vert.x adds it only once its HTTP/2 detection has read the first
 * bytes, and a decoder removed later would leak the part of a request it holds.
 *
 * <p>Behind TLS it reads what the {@code SslHandler} decrypts; on an HTTP/2 connection (the
 * prior-knowledge preface) it steps aside. An h2c upgrade is HTTP/1 until it switches, and is
 * read as such. A header block is taken to be the lines from the start of the connection, or from an empty
 * line, to the next empty line; the check does not follow message framing, so a body whose lines
 * start with both header names (an HTTP message carried as text) is refused too. A line is
 * matched on its start only, so a block costs a few bytes of state whatever its size.
 */
final class HeaderBlockCheck extends ChannelInboundHandlerAdapter {
    private static final String CONTENT_LENGTH = "content-length:";
    private static final String TRANSFER_ENCODING = "transfer-encoding:";
    /** Enough of a line to tell the two names and {@code chunked} after them. */
    private static final int KEPT = 40;
    private static final byte[] REFUSAL = ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    private final StringBuilder line = new StringBuilder(KEPT);
    private int lineLength;
    private boolean contentLength;
    private boolean transferEncoding;
    private boolean refused;
    private boolean started;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!started && msg instanceof ByteBuf first && first.isReadable()) {
            started = true;
            ChannelHandlerContext tls = ctx.pipeline().context(SslHandler.class);
            if (tls != null) { // the bytes here are ciphertext: read them as they come out of TLS instead
                ctx.pipeline().remove(this);
                tls.pipeline().addAfter(tls.name(), ctx.name(), new HeaderBlockCheck());
                ctx.fireChannelRead(msg);
                return;
            }
            if (first.getByte(first.readerIndex()) == 'P' && first.toString(first.readerIndex(),
                    Math.min(4, first.readableBytes()), StandardCharsets.ISO_8859_1).equals("PRI ")) {
                ctx.pipeline().remove(this); // HTTP/2 with prior knowledge: binary frames, framed by length
                ctx.fireChannelRead(msg);
                return;
            }
        }
        if (msg instanceof ByteBuf bytes) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                if (!accept(bytes.getByte(i))) {
                    refused = true;
                    bytes.release();
                    ctx.channel().config().setAutoRead(false);
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Takes one byte; false when the block it ends is ambiguous. */
    private boolean accept(byte b) {
        if (b == '\n') {
            boolean ok = endOfLine();
            line.setLength(0);
            lineLength = 0;
            return ok;
        }
        if (b != '\r') {
            lineLength++;
            if (line.length() < KEPT) {
                line.append((char) (b & 0xff));
            }
        }
        return true;
    }

    private boolean endOfLine() {
        if (lineLength == 0) { // the end of a block
            boolean ok = !(contentLength && transferEncoding);
            contentLength = false;
            transferEncoding = false;
            return ok;
        }
        String start = line.toString().toLowerCase(Locale.ROOT);
        if (start.startsWith(CONTENT_LENGTH)) {
            contentLength = true;
        } else if (start.startsWith(TRANSFER_ENCODING)) {
            transferEncoding = true;
            // the value whole must be "chunked": another coding leaves the body's length unknown (§6.3)
            return lineLength < KEPT && start.substring(TRANSFER_ENCODING.length()).trim().equals("chunked");
        }
        return !(contentLength && transferEncoding);
    }
}
