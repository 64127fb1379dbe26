package dev.qiuth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExcludedPathsTest {

    @Test
    void anEntryWithAMethodMatchesThatMethodOnly() {
        ExcludedPaths open = ExcludedPaths.of("GET /health");
        assertThat(open.matches("GET", "/health")).isTrue();
        assertThat(open.matches("POST", "/health")).isFalse();
        assertThat(open.matches("get", "/health")).isFalse();
    }

    @Test
    void anEntryWithoutAMethodMatchesEveryMethod() {
        ExcludedPaths open = ExcludedPaths.of("/public/.*");
        assertThat(open.matches("GET", "/public/a")).isTrue();
        assertThat(open.matches("DELETE", "/public/a/b")).isTrue();
    }

    @Test
    void theRegexMustMatchTheWholePath() {
        ExcludedPaths open = ExcludedPaths.of("/health");
        assertThat(open.matches("GET", "/healthz")).isFalse();
        assertThat(open.matches("GET", "/api/health")).isFalse();
        assertThat(open.matches("GET", "/health/")).isFalse();
    }

    @Test
    void parseSplitsOnNewlinesAndCommasButKeepsQuantifiers() {
        ExcludedPaths open = ExcludedPaths.parse("GET /health,\n  /v\\d{1,2}/docs  \r\n\n HEAD /ping ");
        assertThat(open.matches("GET", "/health")).isTrue();
        assertThat(open.matches("PUT", "/v12/docs")).isTrue();
        assertThat(open.matches("PUT", "/v123/docs")).isFalse();
        assertThat(open.matches("HEAD", "/ping")).isTrue();
        assertThat(open.matches("GET", "/ping")).isFalse();
        assertThat(open.toString()).isEqualTo("ExcludedPaths[GET /health, /v\\d{1,2}/docs, HEAD /ping]");
    }

    @Test
    void nothingIsExcludedByNullOrBlankText() {
        assertThat(ExcludedPaths.parse(null).isEmpty()).isTrue();
        assertThat(ExcludedPaths.parse(" ,\n ").isEmpty()).isTrue();
        assertThat(ExcludedPaths.none().matches("GET", "/")).isFalse();
    }

    @Test
    void aBadEntryIsNamedInTheError() {
        assertThatThrownBy(() -> ExcludedPaths.of("GET /a[")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'GET /a['").hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> ExcludedPaths.of("  ")).hasMessageContaining("no path pattern");
    }

    @Test
    void andKeepsBothListsInOrder() {
        ExcludedPaths both = ExcludedPaths.of("GET /a").and(ExcludedPaths.of("/b"));
        assertThat(both.matches("GET", "/a")).isTrue();
        assertThat(both.matches("POST", "/b")).isTrue();
        assertThat(both.matches("POST", "/a")).isFalse();
    }
}
