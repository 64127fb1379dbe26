package dev.qiuth.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.conformance.SocketExchange;
import dev.qiuth.testing.LogCapture;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request line Netty cannot read, or whose target holds bytes no target may hold, gets Qiuth's
 * 400 and a closed connection ({@link WireRequestGuard}): never a stand-in request judged without
 * the headers sent (401 for a missing key), never a connection left unanswered with an ERROR and
 * its stack trace in the log.
 */
@MicronautTest
@Property(name = "qiuth.api-key", value = BrokenRequestLineTest.KEY)
@Property(name = "qiuth.excluded-paths", value = "/health,/open/**")
class BrokenRequestLineTest {
    static final String KEY = "mn_lines_4Tg8Hk2Qw6Zx0Pc3Vn7Lb1Ms5Dr9Fy";

    private LogCapture logs;

    @Inject
    EmbeddedServer server;

    @BeforeEach
    void capture() {
        logs = LogCapture.start();
    }

    @AfterEach
    void release() {
        logs.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /api/h\u00c3\u00a9llo HTTP/1.1", // raw UTF-8 bytes in the target
            "GET /api/hello", // HTTP/0.9: no version
            "GET /api/hel\u0001lo HTTP/1.1",
            "GET /api/hel lo HTTP/1.1",
            "GET /health HTTP/7.3"})
    void isABadRequestAndTheConnectionIsClosed(String requestLine) throws IOException {
        String request = requestLine + "\r\nHost: localhost:" + server.getPort() + "\r\nX-API-Key: " + KEY + "\r\n\r\n";
        SocketExchange.Conversation c = SocketExchange.converse(URI.create("http://localhost:" + server.getPort()),
                request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(c.only().status()).isEqualTo(400);
        assertThat(c.only().header("Content-Type")).startsWith("application/problem+json");
        assertThat(c.only().text()).contains("\"MALFORMED_REQUEST\"");
        assertThat(c.closed()).as("connection closed").isTrue();
        List<String> lines = logs.lines();
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("\tat "));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/hello", "/api/hello?q=%C3%A9&x=a%20b"})
    void wellFormedTargetsStillPass(String target) throws IOException {
        String request = "GET " + target + " HTTP/1.1\r\nHost: localhost:" + server.getPort() + "\r\nX-API-Key: " + KEY
                + "\r\nConnection: close\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(URI.create("http://localhost:" + server.getPort()),
                request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(200);
    }
}
