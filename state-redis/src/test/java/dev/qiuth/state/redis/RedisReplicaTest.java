package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A primary with one replica: the state is written to the primary and replicated with its expiry. */
class RedisReplicaTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static EmbeddedRedis primary;
    private static EmbeddedRedis replica;

    @BeforeAll
    static void start() {
        primary = EmbeddedRedis.start();
        replica = EmbeddedRedis.start("replicaof 127.0.0.1 " + primary.port);
        assertThat(Eventually.within(Duration.ofSeconds(20),
                () -> replica.admin().info("replication").contains("master_link_status:up"))).isTrue();
    }

    @AfterAll
    static void stop() {
        replica.close();
        primary.close();
    }

    @Test
    void theGuardAndLimiterWorkAgainstThePrimaryAndTheReplicaFollows() {
        SignedRequests requests = new SignedRequests();
        try (RedisState state = RedisState.connect(RedisStateConfig.builder(primary.url()).build())) {
            Qiuth node = Engines.node(state, requests);
            assertThat(node.authenticate(requests.post(1, "203.0.113.7")).granted()).isTrue();
            assertThat(Engines.reason(node.authenticate(requests.post(1, "203.0.113.8")))).isEqualTo(ErrorCode.REPLAYED_REQUEST);
            assertThat(state.rateLimiter().acquire("key:a", RateLimit.of(5, Duration.ofMinutes(1)), NOW)).isZero();

            byte[] counter = "qiuth:l:{key:a}".getBytes(StandardCharsets.UTF_8);
            assertThat(Eventually.within(Duration.ofSeconds(10), () -> replica.admin().exists(counter) == 1)).isTrue();
            assertThat(replica.admin().pttl(counter)).isPositive();
        }
    }

    @Test
    void aUrlThatNamesTheReplicaFailsClosed() {
        try (RedisState state = RedisState.connect(RedisStateConfig.builder(replica.url()).build())) {
            assertThatThrownBy(() -> state.replayGuard().firstUse(new byte[32], NOW.plusSeconds(60), NOW))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasRootCauseMessage("READONLY You can't write against a read only replica.");
        }
    }
}
