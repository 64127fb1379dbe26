package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryParameterTest {

    @Test
    void findsEveryValueOfTheParameterDecoded() {
        assertThat(QueryParameter.values("a=1&api_key=x%2By&b=2&api_key=z+w", "api_key")).containsExactly("x+y", "z w");
    }

    @Test
    void aBareNameHasAnEmptyValue() {
        assertThat(QueryParameter.values("api_key&b=1", "api_key")).containsExactly("");
    }

    @Test
    void matchesTheNameExactly() {
        assertThat(QueryParameter.values("API_KEY=1&api_key2=2&xapi_key=3", "api_key")).isEmpty();
    }

    @Test
    void noQueryHasNoValues() {
        assertThat(QueryParameter.values(null, "api_key")).isEmpty();
        assertThat(QueryParameter.values("", "api_key")).isEmpty();
    }

    @Test
    void aBadPercentEscapeIsAnEmptyValue() {
        assertThat(QueryParameter.values("api_key=%zz", "api_key")).containsExactly("");
    }
}
