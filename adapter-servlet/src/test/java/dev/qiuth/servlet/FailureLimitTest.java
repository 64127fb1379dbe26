package dev.qiuth.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.testing.MutableClock;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's failure limit over HTTP: after too many refusals from one address, that address
 * gets 429 with {@code Retry-After}, even with a good key, until the window has passed.
 */
class FailureLimitTest {
    private static final CredentialGenerator GEN = new CredentialGenerator();

    @Test
    void refusalsPastTheFailureLimitGet429UntilTheWindowHasPassed() throws Exception {
        MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T12:00:00Z"));
        String key = GEN.apiKey("t_failures_");
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(KeyPolicy.builder().id("k").apiKey(key).build())
                .failureLimit(RateLimit.of(3, Duration.ofMinutes(1))).build();
        try (JettyApp app = JettyApp.start(QiuthFilter.builder(qiuth).build(), Map.of())) {
            String hello = app.baseUri() + "/api/hello";
            for (int i = 0; i < 3; i++) {
                Response wrong = given().header(QiuthHeaders.API_KEY, GEN.apiKey("t_guess_")).get(hello);
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.jsonPath().getString("code")).isEqualTo("INVALID_API_KEY");
            }

            Response limited = given().header(QiuthHeaders.API_KEY, key).get(hello);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.contentType()).isEqualTo("application/problem+json");
            assertThat(limited.jsonPath().getString("code")).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isBetween(1L, 60L);
            assertThat(limited.getHeader("WWW-Authenticate")).isNull();

            clock.advance(Duration.ofSeconds(61));
            assertThat(given().header(QiuthHeaders.API_KEY, key).get(hello).statusCode()).isEqualTo(200);
        }
    }
}
