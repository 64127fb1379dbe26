package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.LogEvent;
import dev.qiuth.testing.MutableClock;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis that does not answer: every call fails closed within the command timeout (the limiter
 * fails open only when told), the outage is logged once per interval without a key, fingerprint
 * or password, and calls succeed again when Redis is back, without a new client.
 */
class VertxRedisOutageTest {
    private static final RateLimit LIMIT = RateLimit.of(5, Duration.ofMinutes(1));
    @RegisterExtension
    static final TestVertx vertx = new TestVertx();

    @Test
    void redisStoppedIs503WithinTheTimeoutLoggedOncePerIntervalAndItRecoversWhenRedisIsBack() {
        MutableClock clock = MutableClock.standard();
        try (RedisProcess redis = RedisProcess.start(vertx.get());
             VertxRedisState state = VertxRedisState.connect(vertx.get(), redis.config().commandTimeout(Duration.ofMillis(300))
                     .logInterval(Duration.ofSeconds(30)).clock(clock).build());
             LogCapture logs = LogCapture.start()) {
            byte[] fp = VertxReplayGuardTest.fingerprint();
            Instant now = Instant.now();
            assertThat(state.replayGuard().firstUse(VertxReplayGuardTest.fingerprint(), now.plusSeconds(60), now)).isTrue();
            redis.stop();
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> state.replayGuard().firstUse(fp, now.plusSeconds(60), now))
                        .isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(() -> state.rateLimiter().blockedFor("fail:192.0.2.1", LIMIT, now))
                        .isInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            }
            assertThat(from(logs, "dev.qiuth.state.redis")).hasSize(2); // one per component, not one per call
            clock.advance(Duration.ofSeconds(31));
            assertThatThrownBy(() -> state.replayGuard().firstUse(fp, now.plusSeconds(60), now))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(from(logs, "dev.qiuth.state.redis")).hasSize(3).last().asString()
                    .contains("replay guard unavailable").contains("503").contains("5 failed call(s)");

            redis.startAgain();
            boolean back = false;
            for (int i = 0; i < 100 && !back; i++) { // a bounded poll for the reconnect
                try {
                    back = state.replayGuard().firstUse(fp, now.plusSeconds(60), now);
                } catch (StoreUnavailableException e) {
                    sleep(100);
                }
            }
            assertThat(back).as("granted again once Redis is back").isTrue();
            assertThat(state.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isFalse();
            assertThat(state.rateLimiter().acquire("fail:192.0.2.1", LIMIT, now)).isZero();
            assertThat(logs.text()).contains("replay guard answers again").contains("rate limiter answers again")
                    .doesNotContain(HexFormat.of().formatHex(fp)).doesNotContain("192.0.2.1");
        }
    }

    @Test
    void aRedisThatDoesNotAnswerInTimeIs503AndTheFailOpenLimiterLetsThrough() {
        try (RedisProcess redis = RedisProcess.start(vertx.get());
             VertxRedisState closed = VertxRedisState.connect(vertx.get(), redis.config().commandTimeout(Duration.ofMillis(200)).build());
             VertxRedisState open = VertxRedisState.connect(vertx.get(), redis.config().commandTimeout(Duration.ofMillis(200))
                     .rateLimiterFailOpen(true).build());
             LogCapture logs = LogCapture.start()) {
            Instant now = Instant.now();
            // every other client waits 3 s: the connection is up, the answer late
            redis.command(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("ALL"));
            long started = System.nanoTime();
            assertThatThrownBy(() -> closed.replayGuard().firstUse(VertxReplayGuardTest.fingerprint(), now.plusSeconds(60), now))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("did not answer within 200 ms");
            assertThatThrownBy(() -> closed.rateLimiter().acquire("fail:192.0.2.2", LIMIT, now))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(open.rateLimiter().acquire("fail:192.0.2.2", LIMIT, now)).isZero();
            assertThatThrownBy(() -> open.replayGuard().firstUse(VertxReplayGuardTest.fingerprint(), now.plusSeconds(60), now))
                    .as("the replay guard never fails open").isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
            assertThat(logs.text()).contains("rate limits NOT enforced (rateLimiterFailOpen)");
        }
    }

    @Test
    void aWrongPasswordOrNoRedisFailsAtConnectWithoutQuotingThePassword() {
        try (RedisProcess redis = RedisProcess.start(vertx.get(), "requirepass right-pw-Zq71")) {
            String password = "wrong-pw-Kd38";
            RedisStateConfig wrong = RedisStateConfig.builder("redis://:" + password + "@127.0.0.1:" + redis.port)
                    .commandTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), wrong))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("redis://***@127.0.0.1:" + redis.port)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
            try (VertxRedisState right = VertxRedisState.connect(vertx.get(), RedisStateConfig.builder(
                    "redis://:right-pw-Zq71@127.0.0.1:" + redis.port).build())) {
                assertThat(right.ping()).isLessThan(Duration.ofSeconds(2));
                assertThat(right.toString()).doesNotContain("right-pw-Zq71");
            }
        }
        RedisStateConfig nobody = RedisStateConfig.builder("redis://127.0.0.1:" + RedisProcess.freePort())
                .commandTimeout(Duration.ofSeconds(1)).build();
        assertThatThrownBy(() -> VertxRedisState.connect(vertx.get(), nobody)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot connect to Redis");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // polling for a reconnect, not waiting for time to pass
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A clock the test moves: the outage log's interval without waiting. */

    /** The lines of loggers under {@code prefix}, message and stack trace. */
    private static List<String> from(LogCapture logs, String prefix) {
        return logs.events().stream().filter(e -> e.logger().startsWith(prefix)).map(LogEvent::text).toList();
    }
}
