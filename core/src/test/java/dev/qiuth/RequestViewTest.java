package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestViewTest {

    private static RequestView withHost(String hostHeader) {
        return RequestView.builder().method("GET").hostHeader(hostHeader).rawPath("/p").build();
    }

    @ParameterizedTest(name = "Host: {0}")
    @CsvSource(delimiter = '|', value = {
        "example.com", "example.com:8080", "[::1]:8080", "[::1]", "127.0.0.1:80", "example.com:", "h:080",
    })
    void keepsTheHostHeaderExactlyAsReceived(String header) {
        RequestView v = withHost(header);
        assertThat(v.authority()).isEqualTo(header);
        assertThat(v.url()).isEqualTo("http://" + header + "/p");
    }

    @Test
    void rebuildsTheUrlAsTheClientSentIt() {
        RequestView v = RequestView.builder().method("GET").scheme("HTTPS").hostHeader("api.example.com:8443")
                .rawPath("/a%2Fb").rawQuery("x=%20&y").build();
        assertThat(v.scheme()).isEqualTo("https");
        assertThat(v.url()).isEqualTo("https://api.example.com:8443/a%2Fb?x=%20&y");
    }

    @Test
    void keepsAnEmptyQueryApartFromNone() {
        assertThat(RequestView.builder().method("GET").hostHeader("h").rawPath("/p").rawQuery("").build().url())
                .isEqualTo("http://h/p?");
        assertThat(RequestView.builder().method("GET").hostHeader("h").rawPath("/p").build().url()).isEqualTo("http://h/p");
    }

    @Test
    void defaultsToRootPathNoBodyNoHeadersAndAnEmptyPeer() {
        RequestView v = RequestView.builder().method("GET").rawPath(null).body(null).headers(null).remoteAddress(null).build();
        assertThat(v.rawPath()).isEqualTo("/");
        assertThat(v.body()).isEmpty();
        assertThat(v.headers().names()).isEmpty();
        assertThat(v.remoteAddress()).isEmpty();
        assertThat(v.authority()).isEmpty();
        assertThat(v.clientCertificates()).isEmpty();
    }

    @Test
    void requiresAMethod() {
        assertThatThrownBy(() -> RequestView.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("request method is required");
    }

    @Test
    void toStringLeavesOutQueryHeadersAndBody() {
        RequestView v = RequestView.builder().method("POST").hostHeader("h:1").rawPath("/p").rawQuery("api_key=secret123456")
                .headers(Headers.builder().add("X-API-Key", "k").build()).body(new byte[] {1, 2, 3}).build();
        assertThat(v.toString()).isEqualTo("RequestView[POST http://h:1/p]");
    }

    /** A body stream that counts its reads. */
    private static final class CountingStream extends InputStream {
        final AtomicInteger reads = new AtomicInteger();
        private final InputStream bytes;

        CountingStream(String body) {
            bytes = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int read() throws IOException {
            reads.incrementAndGet();
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reads.incrementAndGet();
            return bytes.read(b, off, len);
        }
    }

    private static RequestView streamed(String protocol, Headers headers, long declaredLength, CountingStream in) {
        return RequestView.builder().method("GET").hostHeader("h").protocol(protocol).headers(headers)
                .body(in, declaredLength).build();
    }

    @Test
    void anHttp1RequestWithoutLengthOrTransferEncodingHasNoBodyAndItsStreamIsNotRead() {
        CountingStream in = new CountingStream("");
        RequestView v = streamed("HTTP/1.1", Headers.empty(), -1, in);
        assertThat(v.readBody(1024)).isEqualTo(RequestView.BodyRead.READ);
        assertThat(v.body()).isEmpty();
        assertThat(in.reads).hasValue(0);
    }

    @ParameterizedTest(name = "{0}, Transfer-Encoding {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "HTTP/1.1 | chunked", "HTTP/1.0 | chunked", "HTTP/2.0 | none", "none | none",
    })
    void readsTheStreamWhenTheFramingMayCarryABody(String protocol, String transferEncoding) {
        // chunked (its header kept), HTTP/2 (DATA frames need neither header), or a protocol not told
        Headers h = transferEncoding == null ? Headers.empty()
                : Headers.builder().add("Transfer-Encoding", transferEncoding).build();
        CountingStream in = new CountingStream("{\"a\":1}");
        RequestView v = streamed(protocol, h, -1, in);
        assertThat(v.readBody(1024)).isEqualTo(RequestView.BodyRead.READ);
        assertThat(new String(v.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(in.reads).hasPositiveValue();
    }
}
