package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void quotesPlainTextAsIs() {
        assertThat(Json.quote("")).isEqualTo("\"\"");
        assertThat(Json.quote("billing-service ü 😀")).isEqualTo("\"billing-service ü 😀\"");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersWhereverTheyStand() {
        assertThat(Json.quote("\"a\\b\"")).isEqualTo("\"\\\"a\\\\b\\\"\"");
        assertThat(Json.quote("line\nfeed\r\ttab")).isEqualTo("\"line\\nfeed\\r\\ttab\"");
        assertThat(Json.quote("\u0000x\u001fy\u007f")).isEqualTo("\"\\u0000x\\u001fy\u007f\"");
        assertThat(Json.quote("a\u2028b\u2029")).isEqualTo("\"a\\u2028b\\u2029\"");
    }

    @Test
    void appendsWhatQuoteReturnsAfterWhatIsThere() {
        for (String s : new String[] {"", "plain", "\"", "x\ny", "ends with \\", "\u2028"}) {
            assertThat(Json.appendQuoted(new StringBuilder("prefix:"), s).toString()).isEqualTo("prefix:" + Json.quote(s));
        }
    }
}
