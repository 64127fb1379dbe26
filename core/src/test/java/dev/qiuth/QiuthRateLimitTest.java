package dev.qiuth;

import static dev.qiuth.TestPolicies.ALLOWED_PEER;
import static dev.qiuth.TestPolicies.OUTSIDE_PEER;
import static dev.qiuth.TestPolicies.URL;
import static dev.qiuth.fixture.Problems.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.Call;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The failure limit per client address and the request limit per key, with a clock the test moves. */
class QiuthRateLimitTest {
    /** 12:00:10, so the one-minute window that started at 12:00:00 has 50 s left. */
    private final MutableClock clock = MutableClock.standard();

    private Qiuth engineWithFailureLimit() {
        return Qiuth.builder().clock(clock).keys(TestPolicies.all()).failureLimit(RateLimit.of(3, Duration.ofMinutes(1)))
                .trustedProxies(TrustedProxies.of("10.0.0.0/8")).build();
    }

    private static Call bad(String peer) {
        return Call.get(URL).from(peer).header("X-API-Key", TestPolicies.UNKNOWN_KEY);
    }

    private Call good(String peer) {
        return Call.get(URL).from(peer).signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock));
    }

    @Test
    void afterTheLimitOfFailuresEvenAValidRequestGets429WithRetryAfter() {
        Qiuth qiuth = engineWithFailureLimit();
        for (int i = 0; i < 3; i++) {
            assertDenied(qiuth.authenticate(bad(ALLOWED_PEER).view()), ErrorCode.INVALID_API_KEY);
        }
        Decision.Denied d = assertDenied(qiuth.authenticate(good(ALLOWED_PEER).view()), ErrorCode.RATE_LIMITED);
        assertThat(d.status()).isEqualTo(429);
        assertThat(d.response().headers()).containsEntry("Retry-After", "50").doesNotContainKey("WWW-Authenticate");
    }

    @Test
    void retryAfterCountsDownToTheEndOfTheWindow() {
        Qiuth qiuth = engineWithFailureLimit();
        for (int i = 0; i < 3; i++) {
            qiuth.authenticate(bad(ALLOWED_PEER).view());
        }
        clock.advance(Duration.ofSeconds(40));
        assertThat(qiuth.authenticate(good(ALLOWED_PEER).view())).isInstanceOfSatisfying(Decision.Denied.class,
                d -> assertThat(d.response().headers()).containsEntry("Retry-After", "10"));
        clock.advance(Duration.ofMillis(9_001));
        assertThat(qiuth.authenticate(good(ALLOWED_PEER).view())).isInstanceOfSatisfying(Decision.Denied.class,
                d -> assertThat(d.response().headers()).containsEntry("Retry-After", "1"));
    }

    @Test
    void theClientRecoversWhenTheWindowEnds() {
        Qiuth qiuth = engineWithFailureLimit();
        for (int i = 0; i < 3; i++) {
            qiuth.authenticate(bad(ALLOWED_PEER).view());
        }
        assertDenied(qiuth.authenticate(good(ALLOWED_PEER).view()), ErrorCode.RATE_LIMITED);
        clock.set(Instant.parse("2026-11-23T12:01:00Z"));
        assertThat(qiuth.authenticate(good(ALLOWED_PEER).view()).granted()).isTrue();
    }

    @Test
    void otherClientsAreNotLimited() {
        Qiuth qiuth = engineWithFailureLimit();
        for (int i = 0; i < 5; i++) {
            qiuth.authenticate(bad(ALLOWED_PEER).view());
        }
        assertThat(qiuth.authenticate(good(OUTSIDE_PEER).view()).granted()).isTrue();
    }

    @Test
    void clientsBehindATrustedProxyAreCountedByTheirOwnAddress() {
        Qiuth qiuth = engineWithFailureLimit();
        for (int i = 0; i < 3; i++) {
            qiuth.authenticate(bad("10.0.0.2").header("X-Forwarded-For", "198.51.100.1").view());
        }
        assertDenied(qiuth.authenticate(good("10.0.0.2").header("X-Forwarded-For", "198.51.100.1").view()),
                ErrorCode.RATE_LIMITED);
        assertThat(qiuth.authenticate(good("10.0.0.2").header("X-Forwarded-For", "198.51.100.2").view()).granted()).isTrue();
    }

    @Test
    void successesDoNotCountAsFailures() {
        Qiuth qiuth = engineWithFailureLimit();
        for (int i = 0; i < 10; i++) {
            assertThat(qiuth.authenticate(good(ALLOWED_PEER).view()).granted()).isTrue();
        }
    }

    @Test
    void forbiddenAddressesCountAsFailures() {
        Qiuth qiuth = engineWithFailureLimit();
        Call ipKey = Call.get(URL).from(OUTSIDE_PEER).signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock));
        for (int i = 0; i < 3; i++) {
            assertDenied(qiuth.authenticate(ipKey.view()), ErrorCode.IP_NOT_ALLOWED);
        }
        assertDenied(qiuth.authenticate(ipKey.view()), ErrorCode.RATE_LIMITED);
    }

    @Test
    void theFailureLimitIsOffByDefault() {
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).build();
        for (int i = 0; i < 50; i++) {
            qiuth.authenticate(bad(ALLOWED_PEER).view());
        }
        assertThat(qiuth.authenticate(good(ALLOWED_PEER).view()).granted()).isTrue();
    }

    @Test
    void minimalDisclosureStillSays429() {
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).minimalDisclosure(true)
                .failureLimit(RateLimit.of(1, Duration.ofMinutes(1))).build();
        assertDenied(qiuth.authenticate(bad(ALLOWED_PEER).view()), ErrorCode.UNAUTHORIZED);
        assertDenied(qiuth.authenticate(bad(ALLOWED_PEER).view()), ErrorCode.RATE_LIMITED);
    }

    // ------------------------------------------------------------ per key

    private Qiuth engineWithKeyLimit() {
        KeyPolicy limited = TestPolicies.plain().toBuilder().rateLimit(RateLimit.of(2, Duration.ofMinutes(1))).build();
        return Qiuth.builder().clock(clock).keys(limited, TestPolicies.ip()).build();
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfter() {
        Qiuth qiuth = engineWithKeyLimit();
        assertThat(qiuth.authenticate(good(ALLOWED_PEER).view()).granted()).isTrue();
        assertThat(qiuth.authenticate(good(OUTSIDE_PEER).view()).granted()).isTrue();
        Decision.Denied d = assertDenied(qiuth.authenticate(good("192.0.2.1").view()), ErrorCode.RATE_LIMITED);
        assertThat(d.response().headers()).containsEntry("Retry-After", "50");
        assertThat(d.detail()).isEqualTo("key over its request rate");
    }

    @Test
    void anotherKeyIsNotSlowedByIt() {
        Qiuth qiuth = engineWithKeyLimit();
        for (int i = 0; i < 3; i++) {
            qiuth.authenticate(good(ALLOWED_PEER).view());
        }
        Call other = Call.get(URL).signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock));
        assertThat(qiuth.authenticate(other.view()).granted()).isTrue();
    }

    @Test
    void theKeyRecoversInTheNextWindow() {
        Qiuth qiuth = engineWithKeyLimit();
        for (int i = 0; i < 3; i++) {
            qiuth.authenticate(good(ALLOWED_PEER).view());
        }
        clock.advance(Duration.ofSeconds(50));
        assertThat(qiuth.authenticate(good(ALLOWED_PEER).view()).granted()).isTrue();
    }

    @Test
    void refusedRequestsDoNotUseTheKeysRate() {
        Qiuth qiuth = engineWithKeyLimit();
        for (int i = 0; i < 5; i++) {
            qiuth.authenticate(bad(ALLOWED_PEER).view());
        }
        assertThat(qiuth.authenticate(good(ALLOWED_PEER).view()).granted()).isTrue();
    }
}
