package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QiuthPrincipalTest {
    private final QiuthPrincipal principal = new QiuthPrincipal("billing", "Billing \"svc\"", null, Set.of("b", "a"),
            Map.of("tier", "gold"), EnumSet.of(Factor.HMAC, Factor.API_KEY));

    @Test
    void itsNameIsTheKeyId() {
        assertThat(principal.getName()).isEqualTo("billing");
    }

    @Test
    void tellsWhichFactorsItProved() {
        assertThat(principal.verified(Factor.HMAC)).isTrue();
        assertThat(principal.verified(Factor.CERTIFICATE)).isFalse();
        assertThat(principal.factors()).containsExactly(Factor.API_KEY, Factor.HMAC);
    }

    @Test
    void tellsItsScopes() {
        assertThat(principal.hasScope("a")).isTrue();
        assertThat(principal.hasScope("c")).isFalse();
    }

    @Test
    void rendersJsonWithSortedScopesFactorsInOrderAndEscapedText() {
        assertThat(principal.toJson()).isEqualTo("{\"keyId\":\"billing\",\"name\":\"Billing \\\"svc\\\"\",\"owner\":null,"
                + "\"scopes\":[\"a\",\"b\"],\"factors\":[\"API_KEY\",\"HMAC\"]}");
    }

    @Test
    void escapesControlCharactersInJson() {
        QiuthPrincipal p = new QiuthPrincipal("k\n1", "n\u0001", "o\\", Set.of(), Map.of(), Set.of());
        assertThat(p.toJson()).isEqualTo("{\"keyId\":\"k\\n1\",\"name\":\"n\\u0001\",\"owner\":\"o\\\\\",\"scopes\":[],\"factors\":[]}");
    }

    @Test
    void isImmutable() {
        assertThat(principal.factors()).isUnmodifiable();
        assertThat(principal.scopes()).isUnmodifiable();
        assertThat(principal.metadata()).isUnmodifiable();
    }
}
