package dev.qiuth.servlet;

import static dev.qiuth.servlet.QiuthFilterTest.request;
import static dev.qiuth.servlet.QiuthFilterTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A filter declared without an engine (as in {@code web.xml}) builds one from the {@code QIUTH_*}
 * environment, with init-params {@code realm}, {@code max-body-bytes} and {@code exclude}; and
 * refuses to start, naming what to set, when there is nothing to build it from.
 */
class EnvironmentConfiguredFilterTest {
    private static final CredentialGenerator GEN = new CredentialGenerator();

    @Test
    void engineComesFromTheEnvironmentAndInitParams() throws Exception {
        String key = GEN.apiKey("t_env_");
        String hmac = GEN.hmacSecret();
        Map<String, String> env = Map.of("QIUTH_API_KEY", key, "QIUTH_HMAC_SECRET", hmac,
                "QIUTH_IP_ALLOWLIST", "127.0.0.1, ::1");
        Map<String, String> params = Map.of("realm", "from-env", "max-body-bytes", "16", "exclude", "GET /health");
        try (JettyApp app = JettyApp.start(new QiuthFilter(FilterSettings.declared(env)), params)) {
            String base = app.baseUri().toString();
            request().get(base + "/health").then().statusCode(200);

            String url = base + "/api/hello?env=1";
            Response granted = send(signer(key, hmac).sign("GET", url, (byte[]) null), "GET", url, null, null);
            assertThat(granted.statusCode()).isEqualTo(200);
            assertThat(granted.jsonPath().getList("factors")).containsExactly("API_KEY", "IP_ALLOWLIST", "HMAC");

            Response refused = request().header(QiuthHeaders.API_KEY, key).get(base + "/api/hello");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("ApiKey realm=\"from-env\"");

            byte[] body = new byte[17];
            String echo = base + "/api/echo";
            Response tooLarge = send(signer(key, hmac).sign("POST", echo, body), "POST", echo, body, "application/octet-stream");
            assertThat(tooLarge.statusCode()).isEqualTo(413);
        }
    }

    @Test
    void withoutAnEngineTheFilterRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> JettyApp.start(new QiuthFilter(FilterSettings.declared(Map.of())), Map.of()).close())
                .satisfies(e -> assertThat(messages(e)).contains("QIUTH_API_KEY", "QIUTH_HASHED_API_KEY", QiuthFilter.CONTEXT_ATTRIBUTE));
    }

    @Test
    void aBadVariableIsNamedButItsValueIsNotRepeated() {
        Map<String, String> env = Map.of("QIUTH_API_KEY", "t_env_key", "QIUTH_HMAC_SECRET", "too-short-secret-value");
        assertThatThrownBy(() -> JettyApp.start(new QiuthFilter(FilterSettings.declared(env)), Map.of()).close())
                .satisfies(e -> assertThat(messages(e)).contains("QIUTH_HMAC_SECRET")
                        .doesNotContain("too-short-secret-value").doesNotContain("t_env_key"));
    }

    @Test
    void anInvalidExcludePatternIsNamed() {
        Map<String, String> env = Map.of("QIUTH_API_KEY", "t_env_key");
        assertThatThrownBy(() -> JettyApp.start(new QiuthFilter(FilterSettings.declared(env)),
                Map.of("exclude", "GET /health(")).close())
                .satisfies(e -> assertThat(messages(e)).contains("exclude", "GET /health("));
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                sb.append(messages(s));
            }
        }
        return sb.toString();
    }

    private static RequestSigner signer(String key, String hmac) {
        return RequestSigner.builder().apiKey(key).hmacSecret(hmac).build();
    }
}
