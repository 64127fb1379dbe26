package dev.qiuth.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Check;
import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.RequestView;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
        return request("GET", "/v1/orders", Map.of(QiuthHeaders.API_KEY, key), "");
    }

    private static RequestView signed(String path, String body) {
        return request("POST", path, SIGNER.sign("POST", "https://" + HOST + path, body), body);
    }

    /** The sum over every series with these tags (a code several checks yield has a series per check); -1 for none. */
    private static double decisions(SimpleMeterRegistry registry, String outcome, String code, String factors) {
        java.util.Collection<Counter> counters = registry.find(QiuthMetrics.DECISIONS).tag("outcome", outcome)
                .tag("code", code).tag("factors", factors).counters();
        return counters.isEmpty() ? -1 : counters.stream().mapToDouble(Counter::count).sum();
    }

    /** The one series of a denial by this check with this code; -1 when it is not registered. */
    private static double denials(SimpleMeterRegistry registry, String code, String check) {
        Counter counter = registry.find(QiuthMetrics.DECISIONS).tag("outcome", "denied").tag("code", code)
                .tag("check", check).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void grantsWithACredentialBeingRotatedAwayAreCountedByFactor() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String oldKey = "sk_test_metrics_old_T2xkS2V5T2ZBUm90YXRpbmdLZXlGb3JNZXRyaWNz";
        KeyPolicy rotating = KeyPolicy.builder().id("rotating").apiKey(PLAIN_KEY)
                .rotation(dev.qiuth.KeyRotation.builder(NOW.minusSeconds(60), NOW.plusSeconds(3600))
                        .previousApiKeyHash(ApiKeyHash.of(oldKey)).build())
                .build();
        Qiuth qiuth = Qiuth.builder().keys(rotating).clock(CLOCK).listener(QiuthMetrics.bindTo(registry)).build();

        assertThat(qiuth.authenticate(withKey(oldKey)).granted()).isTrue();
        assertThat(qiuth.authenticate(withKey(PLAIN_KEY)).granted()).isTrue();

        assertThat(registry.get(QiuthMetrics.PREVIOUS_CREDENTIALS).tag("factor", "API_KEY").counter().count()).isEqualTo(1);
        assertThat(registry.get(QiuthMetrics.PREVIOUS_CREDENTIALS).tag("factor", "HMAC").counter().count()).isZero();
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
        assertThat(decisions(registry, "denied", "UNAUTHORIZED", "none")).as("not even a series").isEqualTo(-1);
    }

    @Test
    void aReplayedRequestIsCountedAsReplayed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = engine(QiuthMetrics.bindTo(registry));
        RequestView once = signed("/v1/payments", "{\"amount\":\"12.00\"}");

        assertThat(qiuth.authenticate(once).granted()).isTrue();
        assertThat(qiuth.authenticate(once).granted()).isFalse();

        assertThat(denials(registry, "REPLAYED_REQUEST", "REPLAY")).isEqualTo(1);
        assertThat(decisions(registry, "granted", "GRANTED", "API_KEY+TOTP+HMAC")).isEqualTo(1);
        assertThat(registry.get(QiuthMetrics.DECISIONS).tag("outcome", "granted").tag("check", QiuthMetrics.NO_CHECK)
                .counters()).hasSize(1);
    }

    @Test
    void a429IsCountedAsRateLimited() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth qiuth = engine(QiuthMetrics.bindTo(registry));

        assertThat(qiuth.authenticate(withKey(LIMITED_KEY)).granted()).isTrue();
        Decision second = qiuth.authenticate(withKey(LIMITED_KEY));

        assertThat(second).isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(429));
        assertThat(decisions(registry, "denied", "RATE_LIMITED", "none")).isEqualTo(1);
        assertThat(denials(registry, "RATE_LIMITED", "KEY_RATE_LIMIT")).isEqualTo(1);
        assertThat(denials(registry, "RATE_LIMITED", "ADDRESS_LOCKOUT")).isZero();
    }

    @Test
    void anAddressLockoutAndAKeyLockoutAreCountedApartFromAKeysRateLimit() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Qiuth byAddress = Qiuth.builder().keys(PLAIN, SIGNED).clock(CLOCK).listener(QiuthMetrics.bindTo(registry))
                .failureLimit(RateLimit.of(1, Duration.ofMinutes(1))).build();
        byAddress.authenticate(withKey("sk_test_nobody_has_this_key"));
        byAddress.authenticate(withKey(PLAIN_KEY));

        SimpleMeterRegistry keyRegistry = new SimpleMeterRegistry();
        Qiuth byKey = Qiuth.builder().keys(PLAIN, SIGNED).clock(CLOCK).listener(QiuthMetrics.bindTo(keyRegistry))
                .keyFailureLimit(RateLimit.of(1, Duration.ofMinutes(1))).build();
        byKey.authenticate(withKey(SIGNED_KEY)); // no TOTP: a failure counted against the key "signed"
        byKey.authenticate(signed("/v1/orders", "{}"));

        assertThat(denials(registry, "RATE_LIMITED", "ADDRESS_LOCKOUT")).isEqualTo(1);
        assertThat(denials(registry, "RATE_LIMITED", "KEY_LOCKOUT")).isZero();
        assertThat(denials(keyRegistry, "RATE_LIMITED", "KEY_LOCKOUT")).isEqualTo(1);
        assertThat(denials(keyRegistry, "RATE_LIMITED", "ADDRESS_LOCKOUT")).isZero();
        assertThat(denials(keyRegistry, "MISSING_TOTP_TOKEN", "TOTP")).isEqualTo(1);
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
        assertThat(denials(registry, "UNAVAILABLE", "KEY_STORE")).isEqualTo(1);
    }

    @Test
    void aReplayGuardARateLimiterAndAnExecutorThatFailAreCountedApartFromTheKeyStore() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QiuthMetrics metrics = QiuthMetrics.bindTo(registry);
        ReplayGuard replayDown = (fingerprint, until, now) -> {
            throw new StoreUnavailableException("redis down");
        };
        RateLimiter limiterDown = new RateLimiter() {
            @Override
            public long acquire(String bucket, RateLimit limit, Instant now) {
                throw new StoreUnavailableException("redis down");
            }

            @Override
            public long blockedFor(String bucket, RateLimit limit, Instant now) {
                throw new StoreUnavailableException("redis down");
            }
        };
        Executor refusing = task -> {
            throw new RejectedExecutionException("queue full");
        };

        Qiuth.builder().keys(PLAIN, SIGNED).clock(CLOCK).listener(metrics).replayGuard(replayDown).build()
                .authenticate(signed("/v1/orders", "{}"));
        Qiuth.builder().keys(LIMITED).clock(CLOCK).listener(metrics).rateLimiter(limiterDown).build()
                .authenticate(withKey(LIMITED_KEY));
        KeyStore database = InMemoryKeyStore.of(PLAIN)::findByHash; // may block: judged on the (refusing) executor
        Qiuth.builder().keyStore(database, refusing).clock(CLOCK).listener(metrics).build()
                .authenticateAsync(withKey(PLAIN_KEY));

        assertThat(denials(registry, "UNAVAILABLE", "REPLAY_GUARD")).isEqualTo(1);
        assertThat(denials(registry, "UNAVAILABLE", "RATE_LIMITER")).isEqualTo(1);
        assertThat(denials(registry, "UNAVAILABLE", "EXECUTOR")).isEqualTo(1);
        assertThat(denials(registry, "UNAVAILABLE", "KEY_STORE")).isZero();
        assertThat(decisions(registry, "denied", "UNAVAILABLE", "none")).isEqualTo(3);
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
            if (code != ErrorCode.UNAUTHORIZED) { // never a real reason: only what minimal disclosure shows
                assertThat(decisions(registry, "denied", code.name(), "none")).as(code.name()).isZero();
            }
        }
        for (Check check : Check.values()) {
            for (ErrorCode code : check.codes()) {
                assertThat(denials(registry, code.name(), check.name())).as(check + "/" + code).isZero();
            }
        }
        // only the pairs a check yields: a closed, small set
        assertThat(registry.find(QiuthMetrics.DECISIONS).tag("outcome", "denied").counters())
                .hasSize(java.util.Arrays.stream(Check.values()).mapToInt(c -> c.codes().size()).sum());
        assertThat(denials(registry, "RATE_LIMITED", "API_KEY")).isEqualTo(-1);
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
                .contains("qiuth_decisions_total{check=\"none\",code=\"GRANTED\",factors=\"API_KEY\",outcome=\"granted\"} 1.0")
                .contains("qiuth_decisions_total{check=\"none\",code=\"GRANTED\",factors=\"API_KEY+TOTP+HMAC\",outcome=\"granted\"} 1.0")
                .contains("qiuth_decisions_total{check=\"REPLAY\",code=\"REPLAYED_REQUEST\",factors=\"none\",outcome=\"denied\"} 1.0")
                .contains("qiuth_decisions_total{check=\"API_KEY\",code=\"INVALID_API_KEY\",factors=\"none\",outcome=\"denied\"} 1.0")
                .contains("qiuth_decisions_total{check=\"KEY_RATE_LIMIT\",code=\"RATE_LIMITED\",factors=\"none\",outcome=\"denied\"} 0.0")
                .contains("qiuth_decisions_total{check=\"REPLAY_GUARD\",code=\"UNAVAILABLE\",factors=\"none\",outcome=\"denied\"} 0.0")
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
                .contains("qiuth_decisions_total{check=\"none\",code=\"GRANTED\",engine=\"public-api\","
                        + "factors=\"API_KEY\",outcome=\"granted\"} 1.0");
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> QiuthMetrics.builder().percentiles(0.5, 99))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a percentile must be in [0, 1], got 99.0");
        assertThatThrownBy(() -> QiuthMetrics.builder().tag("code", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'code'");
        assertThatThrownBy(() -> QiuthMetrics.builder().tag("check", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'check'");
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
