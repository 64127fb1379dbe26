package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestSecrets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void namesAreCaseInsensitive() {
        Headers h = Headers.builder().add("X-API-Key", "a").build();
        assertThat(h.first("x-api-key")).isEqualTo("a");
        assertThat(h.all("X-Api-KEY")).containsExactly("a");
        assertThat(h.names()).containsExactly("x-api-key");
    }

    @Test
    void keepsRepeatedValuesInArrivalOrderAcrossSpellings() {
        Headers h = Headers.builder().add("X-Forwarded-For", "1.1.1.1").add("x-forwarded-for", "2.2.2.2")
                .addAll("X-FORWARDED-FOR", List.of("3.3.3.3")).build();
        assertThat(h.all("X-Forwarded-For")).containsExactly("1.1.1.1", "2.2.2.2", "3.3.3.3");
        assertThat(h.count("x-forwarded-for")).isEqualTo(3);
        assertThat(h.first("X-Forwarded-For")).isEqualTo("1.1.1.1");
    }

    @Test
    void namesThatDifferOnlyWhereCaseFoldingIsBlindAreStillDifferentNames() {
        // '@' and '`' differ in the bit that folds letters to lower case: one hash, two names
        Headers h = Headers.builder().add("X-A@", "at").add("X-a`", "grave").build();
        assertThat(h.all("x-a@")).containsExactly("at");
        assertThat(h.first("X-A`")).isEqualTo("grave");
        assertThat(h.count("x-a@")).isEqualTo(1);
    }

    @Test
    void anAbsentHeaderHasNoValues() {
        assertThat(Headers.empty().all("X-API-Key")).isEmpty();
        assertThat(Headers.empty().first("X-API-Key")).isNull();
        assertThat(Headers.empty().count("X-API-Key")).isZero();
    }

    @Test
    void ignoresNullNamesAndValues() {
        Headers h = Headers.builder().add(null, "a").add("b", null).addAll("c", null).build();
        assertThat(h.names()).isEmpty();
    }

    @Test
    void keepsEmptyValues() {
        assertThat(Headers.builder().add("X-API-Key", "").build().all("X-API-Key")).containsExactly("");
    }

    @Test
    void isImmutableAndUnaffectedByItsBuilder() {
        Headers.Builder b = Headers.builder().add("a", "1");
        Headers h = b.build();
        b.add("a", "2");
        assertThat(h.all("a")).containsExactly("1");
        assertThatThrownBy(() -> h.all("a").add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.names().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringListsNamesButNoValue() {
        String key = TestSecrets.register("sk_test_headers_Wv5Pz8Rt2Ym");
        Headers h = Headers.builder().add("X-API-Key", key).add("X-HMAC-Signature", "abcdef0123456789").build();
        assertThat(h.toString()).isEqualTo("Headers[x-api-key, x-hmac-signature]").doesNotContain(key);
    }
}
