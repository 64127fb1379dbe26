package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.ratelimit.InMemoryRateLimiter;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the engine runs: with state the application gave (possibly Redis) every step runs on the
 * worker, the lockout check before the key lookup included; a body the reader could not take is
 * refused at once on the calling thread, before the reader closes the connection.
 */
class AuthenticatorTest {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));
    private final List<String> limiterThreads = new CopyOnWriteArrayList<>();
    private final Qiuth qiuth = Qiuth.builder()
            .keys(KeyPolicy.builder().apiKey("sk_test_authenticator_Rw83Lq").build())
            .rateLimiter(new ThreadRecordingLimiter())
            .failureLimit(RateLimit.of(5, Duration.ofMinutes(1)))
            .build();

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void withStateFromTheApplicationTheLockoutCheckRunsOnTheWorker() throws Exception {
        Authenticator offloading = new Authenticator(qiuth, worker);
        Decision decision = offloading.authenticate(noKey().build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(((Decision.Denied) decision).reason()).isEqualTo(ErrorCode.MISSING_API_KEY);
        assertThat(limiterThreads).isNotEmpty().allMatch("test-worker"::equals);
        assertThat(offloading.offloadsEverything()).isTrue();
    }

    @Test
    void withStateInMemoryADecisionWithoutALookupStaysOnTheCallingThread() {
        Authenticator direct = new Authenticator(qiuth, null);
        CompletableFuture<Decision> decided = direct.authenticate(noKey().build()).toCompletableFuture();
        assertThat(decided).isCompleted();
        assertThat(limiterThreads).isNotEmpty().allMatch(Thread.currentThread().getName()::equals);
        assertThat(direct.offloadsEverything()).isFalse();
    }

    @Test
    void aBodyOverTheLimitIsRefusedAtOnceWithoutTouchingState() {
        Authenticator offloading = new Authenticator(qiuth, worker);
        CompletableFuture<Decision> decided = offloading.refuseUnreadBody(noKey().body(UnreadBody.OVER_LIMIT, -1).build())
                .toCompletableFuture();
        assertThat(decided).isCompleted();
        assertThat(((Decision.Denied) decided.join()).reason()).isEqualTo(ErrorCode.BODY_TOO_LARGE);
        assertThat(limiterThreads).isEmpty();
    }

    private static RequestView.Builder noKey() {
        return RequestView.builder().method("POST").scheme("http").hostHeader("localhost").rawPath("/api/echo")
                .headers(Headers.builder().build()).remoteAddress("192.0.2.10");
    }

    /** The in-memory limiter, noting the thread of every call (a Redis limiter would block it). */
    private final class ThreadRecordingLimiter implements RateLimiter {
        private final RateLimiter memory = new InMemoryRateLimiter();

        @Override
        public long acquire(String bucket, RateLimit limit, Instant now) {
            limiterThreads.add(Thread.currentThread().getName());
            return memory.acquire(bucket, limit, now);
        }

        @Override
        public long blockedFor(String bucket, RateLimit limit, Instant now) {
            limiterThreads.add(Thread.currentThread().getName());
            return memory.blockedFor(bucket, limit, now);
        }
    }
}
