package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.testing.Eventually;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.LogEvent;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis stopped, restarted and slow: fail closed, recover by itself, warn sparingly. */
class RedisOutageTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private final SignedRequests requests = new SignedRequests();
    private final AtomicInteger next = new AtomicInteger();
    private EmbeddedRedis redis;

    @BeforeEach
    void start() {
        redis = EmbeddedRedis.start();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void aStoppedRedisIsA503AndARestartedOneIsUsedAgainWithoutRebuildingTheEngine() {
        try (RedisState state = RedisState.connect(config().build()); LogCapture logs = LogCapture.start()) {
            Qiuth node = Engines.node(state, requests);
            assertThat(node.authenticate(requests.post(next.incrementAndGet(), "203.0.113.7")).granted()).isTrue();

            redis.stop();
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                Decision d = node.authenticate(requests.post(next.incrementAndGet(), "203.0.113.7"));
                assertThat(Engines.reason(d)).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(((Decision.Denied) d).status()).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(5));
            }

            redis.startAgain();
            assertThat(Eventually.within(Duration.ofSeconds(15),
                    () -> node.authenticate(requests.post(next.incrementAndGet(), "203.0.113.7")).granted()))
                    .as("granted again once Redis is back").isTrue();
            assertThat(stateEvents(logs)).anyMatch(l -> l.level().equals("WARN") && l.text().contains("unavailable"))
                    .anyMatch(l -> l.level().equals("INFO") && l.text().contains("answers again"));
            SharedStateEngineTest.assertNoSecretIn(logs.text(), requests.fingerprint(1), requests.signature(1));
        }
    }

    @Test
    void aRedisSlowerThanTheTimeoutIsA503WithinAboutTheTimeout() {
        try (RedisState state = RedisState.connect(config().build())) {
            Qiuth node = Engines.node(state, requests);
            assertThat(node.authenticate(requests.post(next.incrementAndGet(), "203.0.113.7")).granted()).isTrue();

            // every client's commands wait 1.5 s; ours must give up after the 200 ms timeout
            redis.admin().clientPause(1500);
            long started = System.nanoTime();
            Decision d = node.authenticate(requests.post(next.incrementAndGet(), "203.0.113.7"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(Engines.reason(d)).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plusMillis(700));

            assertThat(Eventually.within(Duration.ofSeconds(10),
                    () -> node.authenticate(requests.post(next.incrementAndGet(), "203.0.113.7")).granted())).isTrue();
        }
    }

    @Test
    void failOpenLetsTheRateLimiterAnswerWithinLimitButTheReplayGuardStaysClosed() {
        RateLimit one = RateLimit.of(1, Duration.ofMinutes(1));
        try (RedisState state = RedisState.connect(config().rateLimiterFailOpen(true).build());
             LogCapture logs = LogCapture.start()) {
            assertThat(state.rateLimiter().acquire("key:a", one, NOW)).isZero();
            assertThat(state.rateLimiter().acquire("key:a", one, NOW)).isPositive();

            redis.stop();
            assertThat(state.rateLimiter().acquire("key:a", one, NOW)).isZero();
            assertThat(state.rateLimiter().blockedFor("key:a", one, NOW)).isZero();
            assertThatThrownBy(() -> state.replayGuard().firstUse(new byte[32], NOW.plusSeconds(60), NOW))
                    .isInstanceOf(StoreUnavailableException.class);
            Decision d = Engines.node(state, requests).authenticate(requests.post(next.incrementAndGet(), "203.0.113.7"));
            assertThat(Engines.reason(d)).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(stateEvents(logs))
                    .anyMatch(l -> l.level().equals("WARN") && l.text().contains("rate limiter") && l.text().contains("NOT enforced"))
                    .anyMatch(l -> l.level().equals("WARN") && l.text().contains("replay guard") && l.text().contains("503"));
        }
    }

    @Test
    void failClosedIsTheDefaultForTheRateLimiterToo() {
        try (RedisState state = RedisState.connect(config().build())) {
            redis.stop();
            RateLimit one = RateLimit.of(1, Duration.ofMinutes(1));
            assertThatThrownBy(() -> state.rateLimiter().acquire("key:a", one, NOW)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> state.rateLimiter().blockedFor("key:a", one, NOW)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void pingMeasuresARoundTripAndFailsClosedWhenRedisIsDown() {
        try (RedisState state = RedisState.connect(config().build())) {
            assertThat(state.ping()).isPositive().isLessThan(TIMEOUT);
            redis.stop();
            assertThatThrownBy(state::ping).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void anOutageIsWarnedAboutOncePerIntervalAndItsEndOnce() {
        MutableClock clock = new MutableClock(NOW);
        try (RedisState state = RedisState.connect(config().clock(clock).logInterval(Duration.ofSeconds(30)).build());
             LogCapture logs = LogCapture.start()) {
            byte[] fp = requests.fingerprint(99);
            redis.stop();
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> state.replayGuard().firstUse(fp, NOW.plusSeconds(60), NOW))
                        .isInstanceOf(StoreUnavailableException.class);
            }
            assertThat(warnings(logs)).hasSize(1);
            clock.advance(Duration.ofSeconds(29));
            assertThatThrownBy(() -> state.replayGuard().firstUse(fp, NOW.plusSeconds(60), NOW));
            assertThat(warnings(logs)).hasSize(1);
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> state.replayGuard().firstUse(fp, NOW.plusSeconds(60), NOW));
            assertThat(warnings(logs)).hasSize(2).last().asString().contains("11 failed call(s)");

            redis.startAgain();
            assertThat(Eventually.within(Duration.ofSeconds(15), () -> {
                try {
                    return state.replayGuard().firstUse(fp, NOW.plusSeconds(60), NOW);
                } catch (StoreUnavailableException e) {
                    return false;
                }
            })).isTrue();
            state.replayGuard().firstUse(requests.fingerprint(98), NOW.plusSeconds(60), NOW);
            assertThat(stateEvents(logs)).filteredOn(l -> l.text().contains("answers again")).hasSize(1);
            SharedStateEngineTest.assertNoSecretIn(logs.text(), fp, requests.signature(99));
        }
    }

    private static java.util.List<String> warnings(LogCapture logs) {
        return stateEvents(logs).stream().filter(l -> l.level().equals("WARN")).map(LogEvent::text).toList();
    }

    /** The events of this module's own loggers. */
    private static java.util.List<LogEvent> stateEvents(LogCapture logs) {
        return logs.events().stream().filter(e -> e.logger().startsWith("dev.qiuth.state.redis")).toList();
    }

    private RedisStateConfig.Builder config() {
        return RedisStateConfig.builder(redis.url()).commandTimeout(TIMEOUT);
    }
}
