package dev.qiuth.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.util.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path of {@link QiuthConfiguration#protects} decides exactly as Micronaut's Ant matcher. */
class PathPatternTest {
    private static final List<String> PATTERNS = List.of("/**", "/api/**", "/api", "/api/*", "/health", "/api/**/x",
            "/a?c/**", "/{id}/**", "/public/**", "/");
    private static final List<String> PATHS = List.of("/", "/api", "/api/", "/api/x", "/api/x/y", "/apix", "/health",
            "/health/x", "/abc/d", "/public", "/publicity", "/public/hello", "//api", "/api//x", "");

    @Test
    void agreesWithTheAntMatcherForEveryPatternAndPath() {
        for (String pattern : PATTERNS) {
            for (String excluded : List.of("", "/health", "/public/**")) {
                QiuthConfiguration c = new QiuthConfiguration();
                c.setPaths(List.of(pattern));
                c.setExcludedPaths(excluded.isEmpty() ? List.of() : List.of(excluded));
                for (String path : PATHS) {
                    boolean ant = PathMatcher.ANT.matches(pattern, path)
                            && (excluded.isEmpty() || !PathMatcher.ANT.matches(excluded, path));
                    assertThat(c.protects(path)).as("%s minus %s on %s", pattern, excluded, path).isEqualTo(ant);
                }
            }
        }
    }
}
