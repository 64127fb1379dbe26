package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
