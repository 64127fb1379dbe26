package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link HeaderBlockCheck} lets through to Vert.x and what it refuses, byte by byte as on the wire. */
class HeaderBlockCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: h\r\ntransfer-encoding: chunked\r\nCONTENT-LENGTH: 5\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, x-unknown\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: x-unknown\r\n\r\nhello",
            // a second request on the connection, after a first that was fine
            "GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"})
    void ambiguousLengthIsAnsweredWith400AndTheConnectionClosed(String request) {
        EmbeddedChannel channel = new EmbeddedChannel(new HeaderBlockCheck());
        // one byte at a time: a header split over reads must be seen all the same
        for (byte b : request.getBytes(StandardCharsets.ISO_8859_1)) {
            if (!channel.isOpen()) {
                break; // refused: the client's further bytes go nowhere
            }
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        ByteBuf answer = channel.readOutbound();
        assertThat(answer.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400 ").contains("Connection: close");
        assertThat(channel.isOpen()).isFalse();
        assertThat(passedOn(channel)).doesNotContain("\r\n\r\n5\r\nhello");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
            "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:   Chunked  \r\n\r\n0\r\n\r\n",
            "GET /a HTTP/1.1\r\nHost: h\r\nX-Content-Length: 3\r\nX-Transfer-Encoding: gzip\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\nContent-Length: 1\nTransfer-Encoding: x\n"})
    void unambiguousRequestsPassUntouched(String request) {
        EmbeddedChannel channel = new EmbeddedChannel(new HeaderBlockCheck());
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).isTrue();
        assertThat(passedOn(channel)).isEqualTo(request);
    }

    private static String passedOn(EmbeddedChannel channel) {
        StringBuilder all = new StringBuilder();
        for (ByteBuf b; (b = channel.readInbound()) != null; ) {
            all.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return all.toString();
    }
}
