package dev.qiuth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireUrlTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "http://example.com/a?b=1|http://example.com/a?b=1",
        "HTTP://example.com:80/a|http://example.com/a",
        "https://example.com:443|https://example.com/",
        "https://example.com:8443/x|https://example.com:8443/x",
        "http://example.com:443/x|http://example.com:443/x",
        "http://example.com/a?|http://example.com/a",
        "http://example.com/a#frag|http://example.com/a",
        "http://example.com/a?x=1#frag|http://example.com/a?x=1",
        "http://[::1]:8080/a|http://[::1]:8080/a",
        "http://Example.COM/A%2fb?q=%41|http://Example.COM/A%2fb?q=%41",
        "http://example.com/caf\u00e9?q=\u20ac|http://example.com/caf%C3%A9?q=%E2%82%AC",
        "http://example.com/a/../b|http://example.com/a/../b",
    })
    void writesTheUrlAsTheJdkClientSendsIt(String given, String wire) {
        assertThat(WireUrl.of(given)).isEqualTo(wire);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "/relative", "http://user:pw@example.com/", "http:///nohost", "mailto:a@b.c"})
    void refusesWhatCannotBeSigned(String url) {
        assertThatThrownBy(() -> WireUrl.of(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/a b?token=SECRETVALUE", "http://example.com/?token=SECRETVALUE|x"})
    void anInvalidUrlIsNotEchoed(String url) {
        assertThatThrownBy(() -> WireUrl.of(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("URL is not valid").hasMessageNotContaining("SECRETVALUE");
    }
}
