package dev.qiuth.examples;

import static dev.qiuth.examples.DemoRequests.request;
import static dev.qiuth.examples.DemoRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.signature.RequestSigner;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: the demo's engine decisions, scraped over HTTP as Prometheus would. */
class DemoMetricsTest {
    private static final PrintStream CONSOLE = new PrintStream(new ByteArrayOutputStream());
    private static final String KEY = "sk_test_metrics_demo_key_0123456789";
    private static final String HMAC_SECRET = "7c95a7ac9a4e67f73dab21027eb06b73564f04d78e954d3f7f944b6826e05d9e";

    @Test
    void grantedAndDeniedRequestsShowInTheScrapeWithoutTheKey() throws Exception {
        Clock clock = Clock.systemUTC();
        try (DemoServer demo = DemoApp.start(Map.of("PORT", "0", "HOST", "127.0.0.1", "QIUTH_API_KEY", KEY,
                "QIUTH_HMAC_SECRET", HMAC_SECRET), CONSOLE, clock)) {
            String url = demo.baseUrl() + "/api/hello";
            RequestSigner signer = RequestSigner.builder().apiKey(KEY).hmacSecret(HMAC_SECRET).clock(clock).build();
            assertThat(send(signer.sign("GET", url, new byte[0]), "GET", url, null).statusCode()).isEqualTo(200);
            assertThat(request().header("X-API-Key", KEY + "x").get(url).statusCode()).isEqualTo(401);

            Response scrape = request().get(demo.baseUrl() + "/metrics"); // no key: open like /health

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(scrape.asString())
                    .contains("qiuth_decisions_total{check=\"none\",code=\"GRANTED\",factors=\"API_KEY+HMAC\",outcome=\"granted\"} 1.0")
                    .contains("qiuth_decisions_total{check=\"API_KEY\",code=\"INVALID_API_KEY\",factors=\"none\",outcome=\"denied\"} 1.0")
                    .contains("qiuth_decision_duration_seconds_count{outcome=\"granted\"} 1")
                    .contains("qiuth_decision_duration_seconds{outcome=\"denied\",quantile=\"0.99\"}")
                    .doesNotContain(KEY).doesNotContain(HMAC_SECRET).doesNotContain(ApiKeyHash.of(KEY).hex())
                    .doesNotContain("/api/hello");
        }
    }

    @Test
    void theGuidedDemoServesMetricsToo() throws Exception {
        try (DemoServer demo = DemoApp.start(Map.of("PORT", "0", "HOST", "127.0.0.1"), CONSOLE, Clock.systemUTC())) {
            assertThat(request().get(demo.baseUrl() + GuidedLevel.values()[0].path()).statusCode()).isEqualTo(401);

            Response scrape = request().get(demo.baseUrl() + "/metrics");

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.asString())
                    .contains("qiuth_decisions_total{check=\"API_KEY\",code=\"MISSING_API_KEY\",factors=\"none\",outcome=\"denied\"} 1.0");
        }
    }

    @Test
    void onlyGetIsOpenOnMetrics() throws Exception {
        try (DemoServer demo = DemoApp.start(Map.of("PORT", "0", "HOST", "127.0.0.1", "QIUTH_API_KEY", KEY), CONSOLE,
                Clock.systemUTC())) {
            // the exclusion is GET only: any other method still needs the key, so it is refused by the filter
            assertThat(request().post(demo.baseUrl() + "/metrics").statusCode()).isEqualTo(401);
        }
    }
}
