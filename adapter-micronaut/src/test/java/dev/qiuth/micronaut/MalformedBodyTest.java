package dev.qiuth.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.conformance.SocketExchange;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A body whose chunked framing is broken is refused with Qiuth's 400, never judged as the empty
 * or partial body Netty's decoder would otherwise leave behind. The key needs no other factor,
 * so without the refusal such a request is granted.
 */
@MicronautTest
@Property(name = "qiuth.api-key", value = MalformedBodyTest.KEY)
@Property(name = "qiuth.excluded-paths", value = "/health,/open/**")
class MalformedBodyTest {
    static final String KEY = "mn_malformed_7Hq2Lw9Xc4Vb1Nz8Kd3Ps6Fr0Ty5Mj";

    @Inject
    EmbeddedServer server;

    @Test
    void chunkSizeThatIsNotHexIsABadRequest() throws IOException {
        SocketExchange.Reply r = send("/api/echo", "ZZZ\r\nabc\r\n0\r\n\r\n");
        assertMalformed(r);
    }

    @Test
    void brokenChunkAfterAGoodOneIsABadRequestNotAPartialBody() throws IOException {
        SocketExchange.Reply r = send("/api/echo", "3\r\nabc\r\nZZZ\r\ndef\r\n0\r\n\r\n");
        assertMalformed(r);
    }

    @Test
    void brokenChunkArrivingAfterTheRequestWasRoutedIsABadRequest() throws Exception {
        try (Socket socket = new Socket("localhost", server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head("/api/echo") + "3\r\nabc\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(300);
            out.write("ZZZ\r\ndef\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("MALFORMED_REQUEST");
        }
    }

    @Test
    void connectionIsClosedAfterTheRefusal() throws IOException {
        try (Socket socket = new Socket("localhost", server.getPort())) {
            socket.setSoTimeout(10_000);
            String request = head("/api/echo").replace("Connection: close\r\n", "") + "ZZZ\r\nabc\r\n0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            // the decoder ignores whatever follows, so a kept connection would hang the next request
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void brokenChunkOnAnOpenPathIsABadRequestToo() throws IOException {
        SocketExchange.Reply r = send("/open/echo", "ZZZ\r\nabc\r\n0\r\n\r\n");
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void wellFormedChunkedBodyStillReachesTheHandler() throws IOException {
        SocketExchange.Reply r = send("/api/echo", "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("abcde");
    }

    private static void assertMalformed(SocketExchange.Reply r) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.text()).contains("\"MALFORMED_REQUEST\"").doesNotContain("Exception");
    }

    private SocketExchange.Reply send(String path, String chunks) throws IOException {
        URI url = URI.create("http://localhost:" + server.getPort() + path);
        return SocketExchange.sendRaw(url, (head(path) + chunks).getBytes(StandardCharsets.ISO_8859_1));
    }

    private String head(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost:" + server.getPort() + "\r\nX-API-Key: " + KEY
                + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    }
}
