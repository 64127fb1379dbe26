package dev.qiuth.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.RequestSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters, fed by a real engine judging real (signed) requests. */
class QiuthMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String HOST = "api.example.com";

    private static final String PLAIN_KEY = "sk_test_metrics_plain_Q2xpZW50S2V5T25seUZvck1ldHJpY3M";
    private static final String SIGNED_KEY = "sk_test_metrics_signed_SG1hY0tleUZvck1ldHJpY3NPbmx5QUJD";
    private static final String LIMITED_KEY = "sk_test_metrics_limited_TGltaXRlZEtleUZvck1ldHJpY3NBQkNE";
    private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String HMAC_SECRET = "564f04d78e954d3f7f944b6826e05d9e7c95a7ac9a4e67f73dab21027eb06b73";

    private static final KeyPolicy PLAIN = KeyPolicy.builder().id("plain").apiKey(PLAIN_KEY).build();
    private static final KeyPolicy SIGNED = KeyPolicy.builder().id("signed").apiKey(SIGNED_KEY).totp(TOTP_SECRET)
            .hmac(HMAC_SECRET).build();
    private static final KeyPolicy LIMITED = KeyPolicy.builder().id("limited").apiKey(LIMITED_KEY)
            .rateLimit(RateLimit.of(1, Duration.ofMinutes(1))).build();

    private static final RequestSigner SIGNER = RequestSigner.builder().apiKey(SIGNED_KEY).totpSecret(TOTP_SECRET)
            .hmacSecret(HMAC_SECRET).clock(CLOCK).build();

    private static Qiuth engine(QiuthMetrics metrics) {
        return Qiuth.builder().keys(PLAIN, SIGNED, LIMITED).clock(CLOCK).listener(metrics).build();
    }

    private static RequestView request(String method, String path, Map<String, String> protocolHeaders, String body) {
        Headers.Builder headers = Headers.builder().add("Host", HOST);
        protocolHeaders.forEach(headers::add);
        return RequestView.builder().method(method).scheme("https").hostHeader(HOST).rawPath(path)
                .headers(headers.build()).remoteAddress("127.0.0.1").body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static RequestView withKey(String key) {
        return request("GET", "/v1/orders", Map.of(dev.qiuth.QiuthHeaders.API_KEY, key), "");
    }

    private static RequestView signed(String path, String body) {
        return request("POST", path, SIGNER.sign("POST", "https://" + HOST + path, body), body);
    }

    private static double decisions(SimpleMeterRegistry registry, String outcome, String code, String factors) {
        Counter counter = registry.find(QiuthMetrics.DECISIONS).tag("outcome", outcome).tag("code", code)
                .tag("factors", factors).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void grantsAreCountedByTheirFactorSetInProtocolOrder() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = engine(QiuthMetrics.bindTo(registry));

        assertThat(qiuth.authenticate(withKey(PLAIN_KEY)).granted()).isTrue();
        assertThat(qiuth.authenticate(withKey(PLAIN_KEY)).granted()).isTrue();
        assertThat(qiuth.authenticate(signed("/v1/orders", "{\"sku\":1}")).granted()).isTrue();

        assertThat(decisions(registry, "granted", "GRANTED", "API_KEY")).isEqualTo(2);
        assertThat(decisions(registry, "granted", "GRANTED", "API_KEY+TOTP+HMAC")).isEqualTo(1);
    }

    @Test
    void denialsAreCountedByTheirRealReasonEvenUnderMinimalDisclosure() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = Qiuth.builder().keys(PLAIN, SIGNED).clock(CLOCK).minimalDisclosure(true)
                .listener(QiuthMetrics.bindTo(registry)).build();

        Decision.Denied unknown = (Decision.Denied) qiuth.authenticate(withKey("sk_test_nobody_has_this_key"));
        qiuth.authenticate(request("GET", "/v1/orders", Map.of(), ""));
        qiuth.authenticate(withKey(SIGNED_KEY)); // no TOTP, no HMAC

        assertThat(unknown.code()).isEqualTo(ErrorCode.UNAUTHORIZED); // what the client saw
        assertThat(decisions(registry, "denied", "INVALID_API_KEY", "none")).isEqualTo(1);
        assertThat(decisions(registry, "denied", "MISSING_API_KEY", "none")).isEqualTo(1);
        assertThat(decisions(registry, "denied", "MISSING_TOTP_TOKEN", "none")).isEqualTo(1);
        assertThat(decisions(registry, "denied", "UNAUTHORIZED", "none")).isZero();
    }

    @Test
    void aReplayedRequestIsCountedAsReplayed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = engine(QiuthMetrics.bindTo(registry));
        RequestView once = signed("/v1/payments", "{\"amount\":\"12.00\"}");

        assertThat(qiuth.authenticate(once).granted()).isTrue();
        assertThat(qiuth.authenticate(once).granted()).isFalse();

        assertThat(decisions(registry, "denied", "REPLAYED_REQUEST", "none")).isEqualTo(1);
        assertThat(decisions(registry, "granted", "GRANTED", "API_KEY+TOTP+HMAC")).isEqualTo(1);
    }

    @Test
    void a429IsCountedAsRateLimited() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = engine(QiuthMetrics.bindTo(registry));

        assertThat(qiuth.authenticate(withKey(LIMITED_KEY)).granted()).isTrue();
        Decision second = qiuth.authenticate(withKey(LIMITED_KEY));

        assertThat(second).isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(429));
        assertThat(decisions(registry, "denied", "RATE_LIMITED", "none")).isEqualTo(1);
    }

    @Test
    void aStoreThatCannotAnswerIsCountedAsUnavailable() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = Qiuth.builder().clock(CLOCK).listener(QiuthMetrics.bindTo(registry))
                .keyStore((ApiKeyHash hash) -> {
                    throw new StoreUnavailableException("connection refused");
                }).build();

        Decision decision = qiuth.authenticate(withKey(PLAIN_KEY));

        assertThat(decision).isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(503));
        assertThat(decisions(registry, "denied", "UNAVAILABLE", "none")).isEqualTo(1);
    }

    @Test
    void theTimerRecordsTheEnginesTimeByOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = engine(QiuthMetrics.bindTo(registry));

        qiuth.authenticate(withKey(PLAIN_KEY));
        qiuth.authenticate(withKey(PLAIN_KEY));
        qiuth.authenticate(withKey("sk_test_nobody_has_this_key"));

        Timer granted = registry.get(QiuthMetrics.DURATION).tag("outcome", "granted").timer();
        Timer denied = registry.get(QiuthMetrics.DURATION).tag("outcome", "denied").timer();
        assertThat(granted.count()).isEqualTo(2);
        assertThat(denied.count()).isEqualTo(1);
        assertThat(granted.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(granted.takeSnapshot().percentileValues()).extracting(p -> p.percentile())
                .containsExactly(0.5, 0.95, 0.99);
    }

    @Test
    void everyDenialCodeIsRegisteredAtZeroSoItsFirstOccurrenceShowsInARate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QiuthMetrics.bindTo(registry);

        for (ErrorCode code : ErrorCode.values()) {
            assertThat(decisions(registry, "denied", code.name(), "none")).as(code.name()).isZero();
        }
    }

    @Test
    void factorSetsAreJoinedInProtocolOrder() {
        assertThat(QiuthMetrics.factorsTag(0b00001)).isEqualTo("API_KEY");
        assertThat(QiuthMetrics.factorsTag(0b11111)).isEqualTo("API_KEY+IP_ALLOWLIST+TOTP+CERTIFICATE+HMAC");
        assertThat(QiuthMetrics.factorsTag(0b01001)).isEqualTo("API_KEY+CERTIFICATE");
    }

    @Test
    void thePrometheusScrapeHasTheSeriesAndNoSecret() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Qiuth qiuth = engine(QiuthMetrics.bindTo(registry));
        qiuth.authenticate(withKey(PLAIN_KEY));
        RequestView once = signed("/v1/orders/ord_55310", "{\"sku\":1}");
        qiuth.authenticate(once);
        qiuth.authenticate(once);
        qiuth.authenticate(withKey("sk_test_wrong_key_in_scrape"));

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("qiuth_decisions_total{code=\"GRANTED\",factors=\"API_KEY\",outcome=\"granted\"} 1.0")
                .contains("qiuth_decisions_total{code=\"GRANTED\",factors=\"API_KEY+TOTP+HMAC\",outcome=\"granted\"} 1.0")
                .contains("qiuth_decisions_total{code=\"REPLAYED_REQUEST\",factors=\"none\",outcome=\"denied\"} 1.0")
                .contains("qiuth_decisions_total{code=\"INVALID_API_KEY\",factors=\"none\",outcome=\"denied\"} 1.0")
                .contains("qiuth_decisions_total{code=\"RATE_LIMITED\",factors=\"none\",outcome=\"denied\"} 0.0")
                .contains("qiuth_decision_duration_seconds_count{outcome=\"granted\"} 2")
                .contains("qiuth_decision_duration_seconds{outcome=\"granted\",quantile=\"0.99\"}")
                .contains("qiuth_decision_duration_seconds_max{outcome=\"denied\"}")
                .doesNotContain("_bucket");
        for (String secret : new String[] {PLAIN_KEY, SIGNED_KEY, "sk_test_wrong_key_in_scrape", TOTP_SECRET,
                HMAC_SECRET, ApiKeyHash.of(PLAIN_KEY).hex(), ApiKeyHash.of(SIGNED_KEY).hex(), "ord_55310",
                "127.0.0.1", "plain", "signed"}) {
            assertThat(scrape).doesNotContain(secret);
        }
    }

    @Test
    void theHistogramAndAFixedTagAreOptions() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Qiuth qiuth = engine(QiuthMetrics.builder().percentileHistogram(true).tag("engine", "public-api")
                .bindTo(registry));
        qiuth.authenticate(withKey(PLAIN_KEY));

        assertThat(registry.scrape())
                .contains("qiuth_decision_duration_seconds_bucket{engine=\"public-api\",outcome=\"granted\",le=")
                .contains("qiuth_decisions_total{code=\"GRANTED\",engine=\"public-api\",factors=\"API_KEY\","
                        + "outcome=\"granted\"} 1.0");
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> QiuthMetrics.builder().percentiles(0.5, 99))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a percentile must be in [0, 1], got 99.0");
        assertThatThrownBy(() -> QiuthMetrics.builder().tag("code", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'code'");
    }

    @Test
    void oneInstanceServesSeveralEnginesAndTheirCountsAddUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QiuthMetrics metrics = QiuthMetrics.bindTo(registry);
        engine(metrics).authenticate(withKey(PLAIN_KEY));
        engine(metrics).authenticate(withKey(PLAIN_KEY));

        assertThat(decisions(registry, "granted", "GRANTED", "API_KEY")).isEqualTo(2);
    }
}
