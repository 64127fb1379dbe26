package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Qiuth;
import dev.qiuth.testing.Eventually;
import dev.qiuth.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A flood of distinct signed requests leaves only keys that expire, and Redis empties itself. */
class RedisMemoryTest {
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** The engine judges each request this long before its window ends: Redis keeps it that long. */
    private static final Duration LEFT_IN_WINDOW = Duration.ofMillis(500);
    private static final int REQUESTS = 20_000;

    @Test
    void twentyThousandDistinctRequestsLeaveOnlyKeysWithAnExpiryAndThenNone() throws Exception {
        SignedRequests requests = new SignedRequests(MAX_AGE);
        Clock late = Clock.fixed(SignedRequests.SIGNED_AT.plus(MAX_AGE).minus(LEFT_IN_WINDOW), ZoneOffset.UTC);
        try (EmbeddedRedis redis = EmbeddedRedis.start();
             RedisState state = RedisState.connect(RedisStateConfig.builder(redis.url()).build());
             LogCapture logs = LogCapture.start()) {
            Qiuth node = Engines.node(state, requests, late);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> granted = new ArrayList<>();
            try {
                for (int t = 0; t < 4; t++) {
                    int first = t;
                    granted.add(pool.submit(() -> {
                        int ok = 0;
                        for (int n = first; n < REQUESTS; n += 4) {
                            ok += node.authenticate(requests.post(n, "203.0.113.7")).granted() ? 1 : 0;
                        }
                        return ok;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : granted) {
                    total += f.get(120, TimeUnit.SECONDS);
                }
                assertThat(total).isEqualTo(REQUESTS);
            } finally {
                pool.shutdownNow();
            }

            // every key still there carries an expiry: Redis' keyspace line counts both
            long[] keysAndExpires = keyspace(redis.admin().info("keyspace"));
            assertThat(keysAndExpires[0]).isLessThanOrEqualTo(REQUESTS);
            assertThat(keysAndExpires[1]).isEqualTo(keysAndExpires[0]);
            assertThat(Eventually.within(Duration.ofSeconds(20), () -> redis.admin().dbsize() == 0))
                    .as("Redis forgot every fingerprint once its window ended").isTrue();
            SharedStateEngineTest.assertNoSecretIn(logs.text(), requests.fingerprint(0), requests.signature(0));
        }
    }

    /** {@code db0:keys=N,expires=M,...}; no line (0, 0) when the database is empty. */
    private static long[] keyspace(String info) {
        Matcher m = Pattern.compile("db0:keys=(\\d+),expires=(\\d+)").matcher(info);
        return m.find() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : new long[] {0, 0};
    }
}
