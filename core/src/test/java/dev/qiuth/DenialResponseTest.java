package dev.qiuth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenialResponseTest {

    @Test
    void copiesItsHeaders() {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/problem+json"));
        DenialResponse r = new DenialResponse(401, headers, "{}".getBytes(UTF_8));
        headers.put("X-Extra", "1");
        assertThat(r.headers()).containsOnlyKeys("Content-Type");
        assertThatThrownBy(() -> r.headers().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void showsItsBodyAsText() {
        DenialResponse r = new DenialResponse(403, Map.of(), "{\"code\":\"é\"}".getBytes(UTF_8));
        assertThat(r.bodyText()).isEqualTo("{\"code\":\"é\"}");
        assertThat(r.toString()).startsWith("DenialResponse[403 ").endsWith("{\"code\":\"é\"}]");
    }

    @Test
    void problemJsonRendersExactlyTheProtocolShape() {
        DenialResponse r = ProblemJson.render(ErrorCode.IP_NOT_ALLOWED, "0123456789abcdef", "api", 0);
        assertThat(r.bodyText()).isEqualTo("{\"type\":\"urn:qiuth:error:ip-not-allowed\",\"title\":\"IP address not allowed\","
                + "\"status\":403,\"code\":\"IP_NOT_ALLOWED\",\"correlationId\":\"0123456789abcdef\"}");
        assertThat(r.headers()).containsOnly(Map.entry("Content-Type", "application/problem+json"),
                Map.entry("Cache-Control", "no-store"));
    }

    @Test
    void problemJsonAddsTheChallengeTo401AndRetryAfterWhenGiven() {
        DenialResponse r = ProblemJson.render(ErrorCode.RATE_LIMITED, "0123456789abcdef", "api", 7);
        assertThat(r.headers()).containsEntry("Retry-After", "7").doesNotContainKey("WWW-Authenticate");
        DenialResponse u = ProblemJson.render(ErrorCode.UNAUTHORIZED, "0123456789abcdef", "orders", 0);
        assertThat(u.headers()).containsEntry("WWW-Authenticate", "ApiKey realm=\"orders\"").doesNotContainKey("Retry-After");
    }
}
