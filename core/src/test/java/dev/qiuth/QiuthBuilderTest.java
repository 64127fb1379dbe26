package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QiuthBuilderTest {

    @Test
    void requiresAKeyStore() {
        assertThatThrownBy(() -> Qiuth.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a key store (or keys) is required");
    }

    @Test
    void requiresAClock() {
        assertThatThrownBy(() -> Qiuth.builder().keys(TestPolicies.plain()).clock(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clock is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\"b", "a\\b", "a\nb", "é"})
    void refusesARealmThatCannotBeQuoted(String realm) {
        assertThatThrownBy(() -> Qiuth.builder().keys(TestPolicies.plain()).realm(realm).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("realm");
    }

    @Test
    void refusesANegativeBodyLimit() {
        assertThatThrownBy(() -> Qiuth.builder().keys(TestPolicies.plain()).maxBodyBytes(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBodyBytes must not be negative, got -1");
    }

    @Test
    void treatsMissingTrustedProxiesAsNone() {
        Qiuth qiuth = Qiuth.builder().keys(TestPolicies.plain()).trustedProxies(null).build();
        assertThat(qiuth.maxBodyBytes()).isEqualTo(Qiuth.DEFAULT_MAX_BODY_BYTES);
        assertThat(qiuth.clock()).isNotNull();
    }

    @Test
    void principalAttributeHasItsDocumentedName() {
        assertThat(Qiuth.PRINCIPAL_ATTRIBUTE).isEqualTo("dev.qiuth.principal");
    }
}
