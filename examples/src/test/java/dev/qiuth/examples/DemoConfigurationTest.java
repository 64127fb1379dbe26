package dev.qiuth.examples;

import static dev.qiuth.examples.DemoRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How the demo reads its environment: ports, hashed keys, proxies, and one-line refusals. */
class DemoConfigurationTest {
    private static final PrintStream CONSOLE = new PrintStream(new ByteArrayOutputStream());

    @Test
    void portDefaultsTo8080AndMustBeANumber() {
        assertThat(DemoApp.port(null)).isEqualTo(8080);
        assertThat(DemoApp.port(" ")).isEqualTo(8080);
        assertThat(DemoApp.port("9090")).isEqualTo(9090);
        assertThatThrownBy(() -> DemoApp.port("http")).isInstanceOf(DemoApp.ConfigurationException.class)
                .hasMessage("PORT must be a number from 0 to 65535, got 'http'");
        assertThatThrownBy(() -> DemoApp.port("70000")).hasMessageContaining("0 to 65535");
    }

    @Test
    void aFactorWithoutAKeyIsRefusedNamingTheVariablesNotTheSecret() {
        String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        assertThatThrownBy(() -> DemoApp.start(Map.of("PORT", "0", "QIUTH_TOTP_SECRET", secret), CONSOLE, Clock.systemUTC()))
                .isInstanceOf(DemoApp.ConfigurationException.class)
                .hasMessageContaining("QIUTH_TOTP_SECRET").hasMessageContaining("QIUTH_API_KEY")
                .hasMessageNotContaining(secret)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void proxySettingsWithoutAKeyAskForTheKeyOrNone() {
        assertThatThrownBy(() -> DemoApp.start(Map.of("PORT", "0", "QIUTH_TRUSTED_PROXIES", "10.0.0.0/8"), CONSOLE,
                Clock.systemUTC()))
                .hasMessage("set QIUTH_API_KEY or QIUTH_HASHED_API_KEY to protect /api/*, or unset every QIUTH_* "
                        + "variable for the guided demo");
    }

    @Test
    void aBadValueIsNamedButNotRepeated() {
        assertThatThrownBy(() -> DemoApp.start(Map.of("PORT", "0", "QIUTH_API_KEY", "k_123",
                "QIUTH_HMAC_SECRET", "short-hmac-secret"), CONSOLE, Clock.systemUTC()))
                .hasMessageContaining("QIUTH_HMAC_SECRET").hasMessageNotContaining("short-hmac-secret")
                .hasMessageNotContaining("k_123");
    }

    @Test
    void aHashedKeyProtectsTheApi() throws Exception {
        String key = "sk_test_hashed_demo_key";
        try (DemoServer demo = DemoApp.start(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "QIUTH_HASHED_API_KEY", ApiKeyHash.of(key).hex()), CONSOLE, Clock.systemUTC())) {
            Response r = request().header("X-API-Key", key).get(demo.baseUrl() + "/api/hello");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY");
            assertThat(request().header("X-API-Key", key + "x").get(demo.baseUrl() + "/api/hello").statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void trustedProxiesLetTheForwardedClientAddressCount() throws Exception {
        Map<String, String> env = Map.of("PORT", "0", "HOST", "127.0.0.1", "QIUTH_API_KEY", "sk_test_proxy_demo",
                "QIUTH_IP_ALLOWLIST", "203.0.113.0/24");
        try (DemoServer direct = DemoApp.start(env, CONSOLE, Clock.systemUTC())) {
            assertThat(forwarded(direct).statusCode()).as("no trusted proxy: the peer counts").isEqualTo(403);
        }
        Map<String, String> behindProxy = new java.util.HashMap<>(env);
        behindProxy.put("QIUTH_TRUSTED_PROXIES", "127.0.0.1, ::1");
        try (DemoServer proxied = DemoApp.start(behindProxy, CONSOLE, Clock.systemUTC())) {
            Response r = forwarded(proxied);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY", "IP_ALLOWLIST");
        }
    }

    @Test
    void aGuidedDemoThatCannotListenLeavesNoKeyFileBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = demoDirs(tmp);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> DemoApp.start(Map.of("PORT", Integer.toString(taken.getLocalPort()), "HOST", "127.0.0.1"),
                    CONSOLE, Clock.systemUTC())).hasMessageContaining("Failed to bind");
        }
        assertThat(demoDirs(tmp)).isEqualTo(before);
    }

    private static Set<Path> demoDirs(Path tmp) throws IOException {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("qiuth-demo-")).collect(Collectors.toSet());
        }
    }

    private static Response forwarded(DemoServer demo) {
        return request().header("X-API-Key", "sk_test_proxy_demo").header("X-Forwarded-For", "203.0.113.9")
                .get(demo.baseUrl() + "/api/hello");
    }
}
