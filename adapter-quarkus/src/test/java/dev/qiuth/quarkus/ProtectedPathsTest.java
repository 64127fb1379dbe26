package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectedPathsTest {
    private final ProtectedPaths api =
            ProtectedPaths.of(List.of("/api/*", "/admin"), List.of("/api/status", "/api/docs/*"));

    @Test
    void prefixCoversItselfAndEverythingBelowButNotLookalikes() {
        assertThat(api.protects("/api")).isTrue();
        assertThat(api.protects("/api/orders/7")).isTrue();
        assertThat(api.protects("/apix")).isFalse();
        assertThat(api.protects("/health")).isFalse();
    }

    @Test
    void exactPatternCoversOnlyThatPath() {
        assertThat(api.protects("/admin")).isTrue();
        assertThat(api.protects("/admin/")).isTrue();
        assertThat(api.protects("/admin/users")).isFalse();
    }

    @Test
    void excludedPathsOpenHolesInTheProtectedOnes() {
        assertThat(api.protects("/api/status")).isFalse();
        assertThat(api.protects("/api/docs/index.html")).isFalse();
        assertThat(api.protects("/api/status/secret")).isTrue();
    }

    @Test
    void slashStarProtectsEverything() {
        ProtectedPaths all = ProtectedPaths.of(List.of("/*"), List.of());
        assertThat(all.protects("/")).isTrue();
        assertThat(all.protects("/anything/at/all")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//api/x", "/api;v=1/x", "/api%2Fx", "/api%2fx", "/api/", "api/x", "/api//x"})
    void spellingsThatRouteToAProtectedPathAreProtected(String path) {
        assertThat(api.protects(path)).as(path).isTrue();
    }

    @Test
    void matrixParametersCannotHideAnExclusion() {
        assertThat(api.protects("/api/status;x=1/../orders")).isTrue();
        assertThat(api.protects("/api/status;x=1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/*", "/api*", "/*/x", "/api/", "/a*b"})
    void malformedPatternsAreRefusedByName(String pattern) {
        assertThatThrownBy(() -> ProtectedPaths.of(List.of(pattern), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + pattern + "'");
    }
}
