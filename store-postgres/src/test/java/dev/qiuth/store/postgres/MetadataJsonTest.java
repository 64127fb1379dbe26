package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataJsonTest {
    @Test
    void readsWhatPostgresPrints() {
        assertThat(MetadataJson.parse("{}")).isEmpty();
        assertThat(MetadataJson.parse(null)).isEmpty();
        assertThat(MetadataJson.parse("{\"env\": \"prod\", \"a\\\"b\": \"x\\\\y\\n\\u00fc\\t\"}"))
                .containsExactly(Map.entry("env", "prod"), Map.entry("a\"b", "x\\y\nü\t"));
        assertThat(MetadataJson.parse(" { \"\" : \"\" } ")).containsExactly(Map.entry("", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"a\"}", "{\"a\": 1}", "{\"a\": \"b\",}", "{\"a\": \"b\"} x",
            "{\"a\": \"\\q\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"b"})
    void refusesAnythingElseWithoutQuotingIt(String text) {
        assertThatThrownBy(() -> MetadataJson.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metadata is not a flat JSON object of strings");
    }
}
