package dev.qiuth;

import static dev.qiuth.TestPolicies.URL;
import static dev.qiuth.fixture.Problems.assertDenied;
import static dev.qiuth.fixture.Problems.assertRepeatsNothingOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.AsyncOnlyKeyStore;
import dev.qiuth.fixture.Call;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.LogEvent;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A store that cannot answer never lets a request through: 503 UNAVAILABLE, sync and async. */
class QiuthStoreFailureTest {
    private final MutableClock clock = MutableClock.standard();
    private final ExecutorService blocking = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        blocking.shutdownNow();
    }

    private static final KeyStore DOWN = hash -> {
        throw new StoreUnavailableException("database connection refused");
    };

    private static final KeyStore BROKEN = hash -> {
        throw new IllegalStateException("driver bug");
    };

    private Call validPlain() {
        return Call.get(URL).signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock));
    }

    private Qiuth engine(KeyStore store) {
        return Qiuth.builder().clock(clock).keyStore(store).build();
    }

    private static Decision await(CompletionStage<Decision> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anUnavailableKeyStoreIs503() {
        Decision.Denied d = assertDenied(engine(DOWN).authenticate(validPlain().view()), ErrorCode.UNAVAILABLE);
        assertThat(d.status()).isEqualTo(503);
        // the store's message may quote a connection string: it stays out of the detail, which is logged
        assertThat(d.detail()).isEqualTo("store unavailable");
        assertRepeatsNothingOf(d, "database", "refused");
    }

    @Test
    void anyOtherRuntimeExceptionOfTheStoreIs503() {
        Decision.Denied d = assertDenied(engine(BROKEN).authenticate(validPlain().view()), ErrorCode.UNAVAILABLE);
        assertThat(d.detail()).isEqualTo("unexpected java.lang.IllegalStateException");
        assertRepeatsNothingOf(d, "driver", "IllegalState");
    }

    @Test
    void anUnexpectedFailureIsLoggedAtErrorByClassOnly() {
        Decision.Denied d = assertDenied(engine(BROKEN).authenticate(validPlain().view()), ErrorCode.UNAVAILABLE);
        List<LogEvent> lines = LogCapture.ofRun().events().stream()
                .filter(e -> e.message().contains("correlationId=" + d.correlationId())).toList();
        assertThat(lines).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo("ERROR");
            assertThat(e.message()).contains("java.lang.IllegalStateException");
        });
        // a third-party message may quote its input: it is left out
        assertThat(lines).allSatisfy(e -> assertThat(e.text()).doesNotContain("driver bug"));
    }

    @Test
    void anUnavailableKeyStoreIs503Async() throws Exception {
        assertDenied(await(engine(DOWN).authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
        assertDenied(await(engine(BROKEN).authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
    }

    @Test
    void anOffloadedStoreThatFailsIs503() throws Exception {
        Qiuth down = Qiuth.builder().clock(clock).keyStore(DOWN, blocking).build();
        Qiuth broken = Qiuth.builder().clock(clock).keyStore(BROKEN, blocking).build();
        assertDenied(await(down.authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
        assertDenied(await(broken.authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
    }

    @Test
    void anOffloadedStoreAnswersOnItsExecutor() throws Exception {
        Thread[] lookupThread = new Thread[1];
        KeyStore store = hash -> {
            lookupThread[0] = Thread.currentThread();
            return InMemoryKeyStore.of(TestPolicies.plain()).findByHash(hash);
        };
        Qiuth qiuth = Qiuth.builder().clock(clock).keyStore(store, blocking).build();
        assertThat(await(qiuth.authenticateAsync(validPlain().view())).granted()).isTrue();
        assertThat(lookupThread[0]).isNotNull().isNotSameAs(Thread.currentThread());
    }

    @Test
    void anAsyncStoreThatCompletesExceptionallyIs503() throws Exception {
        Qiuth down = engine(new AsyncOnlyKeyStore(
                h -> CompletableFuture.failedFuture(new StoreUnavailableException("timeout"))));
        Qiuth broken = engine(new AsyncOnlyKeyStore(h -> CompletableFuture.failedFuture(new ArithmeticException())));
        assertDenied(await(down.authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
        assertDenied(await(broken.authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
    }

    @Test
    void anAsyncStoreThatThrowsInsteadOfReturningAStageIs503() throws Exception {
        Qiuth qiuth = engine(new AsyncOnlyKeyStore(h -> {
            throw new StoreUnavailableException("pool exhausted");
        }));
        assertDenied(await(qiuth.authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
    }

    @Test
    void anAsyncStoreThatReturnsNoStageIs503() throws Exception {
        assertDenied(await(engine(new AsyncOnlyKeyStore(h -> null)).authenticateAsync(validPlain().view())), ErrorCode.UNAVAILABLE);
    }

    @Test
    void anAsyncStoreThatAnswersLaterIsAwaited() throws Exception {
        InMemoryKeyStore keys = InMemoryKeyStore.of(TestPolicies.plain());
        Qiuth qiuth = engine(new AsyncOnlyKeyStore(h -> CompletableFuture.supplyAsync(() -> keys.findByHash(h), blocking)));
        assertThat(await(qiuth.authenticateAsync(validPlain().view())).granted()).isTrue();
    }

    @Test
    void aStoreAnsweringNullIsNoKey() {
        assertDenied(engine(hash -> null).authenticate(validPlain().view()), ErrorCode.INVALID_API_KEY);
    }

    @Test
    void aStoreAnsweringAnotherKeysPolicyIsRefused() {
        // a buggy store (say, a cache keyed wrongly) must not let another key's holder in
        Qiuth qiuth = engine(hash -> Optional.of(TestPolicies.plain()));
        Call other = Call.get(URL).header("X-API-Key", TestPolicies.UNKNOWN_KEY);
        assertDenied(qiuth.authenticate(other.view()), ErrorCode.INVALID_API_KEY);
    }

    @Test
    void anUnavailableReplayGuardIs503() {
        ReplayGuard down = (fingerprint, until, now) -> {
            throw new StoreUnavailableException("redis down");
        };
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).replayGuard(down).build();
        assertDenied(qiuth.authenticate(Call.get(URL).signedBy(TestPolicies.hmacSigner(clock)).view()), ErrorCode.UNAVAILABLE);
        ReplayGuard broken = (fingerprint, until, now) -> {
            throw new NullPointerException();
        };
        Qiuth other = Qiuth.builder().clock(clock).keys(TestPolicies.all()).replayGuard(broken).build();
        assertDenied(other.authenticate(Call.get(URL).signedBy(TestPolicies.hmacSigner(clock)).view()), ErrorCode.UNAVAILABLE);
    }

    /** A rate limiter whose store is down. */
    private static final RateLimiter LIMITER_DOWN = new RateLimiter() {
        @Override
        public long acquire(String bucket, RateLimit limit, Instant now) {
            throw new StoreUnavailableException("redis down");
        }

        @Override
        public long blockedFor(String bucket, RateLimit limit, Instant now) {
            throw new StoreUnavailableException("redis down");
        }
    };

    @Test
    void anUnavailableFailureLimiterIs503() {
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).rateLimiter(LIMITER_DOWN)
                .failureLimit(RateLimit.of(3, Duration.ofMinutes(1))).build();
        assertDenied(qiuth.authenticate(validPlain().view()), ErrorCode.UNAVAILABLE);
    }

    @Test
    void anUnavailableKeyRateLimiterIs503() {
        KeyPolicy limited = TestPolicies.plain().toBuilder().rateLimit(RateLimit.of(5, Duration.ofMinutes(1))).build();
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(limited).rateLimiter(LIMITER_DOWN).build();
        assertDenied(qiuth.authenticate(validPlain().view()), ErrorCode.UNAVAILABLE);
    }

    @Test
    void aLimiterThatFailsWhileCountingADenialStillAnswersTheDenial() {
        RateLimiter countingDown = new RateLimiter() {
            @Override
            public long acquire(String bucket, RateLimit limit, Instant now) {
                throw new StoreUnavailableException("redis down");
            }

            @Override
            public long blockedFor(String bucket, RateLimit limit, Instant now) {
                return 0;
            }
        };
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).rateLimiter(countingDown)
                .failureLimit(RateLimit.of(3, Duration.ofMinutes(1))).build();
        assertDenied(qiuth.authenticate(Call.get(URL).view()), ErrorCode.MISSING_API_KEY);
    }
}
