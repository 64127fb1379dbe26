package dev.qiuth;

import static dev.qiuth.TestPolicies.ALLOWED_PEER;
import static dev.qiuth.TestPolicies.OUTSIDE_PEER;
import static dev.qiuth.TestPolicies.URL;
import static dev.qiuth.fixture.Problems.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.AsyncOnlyKeyStore;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.store.AsyncKeyStore;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.fixture.Call;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.LogEvent;
import dev.qiuth.testing.MutableClock;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every denial names the check that refused it: each 429 and each 503 told apart from its siblings. */
class QiuthDenialCheckTest {
    private final MutableClock clock = MutableClock.standard();

    private Qiuth engine() {
        return Qiuth.builder().clock(clock).keys(TestPolicies.all()).build();
    }

    private static Decision.Denied assertCheck(Decision decision, ErrorCode reason, Check check) {
        assertThat(decision).as("decision").isInstanceOf(Decision.Denied.class);
        Decision.Denied denied = (Decision.Denied) decision;
        assertThat(denied.reason()).as("reason").isEqualTo(reason);
        assertThat(denied.check()).as("check").isEqualTo(check);
        assertThat(check.codes()).as("the codes " + check + " may yield").contains(reason);
        return denied;
    }

    private Call plain(String peer) {
        return Call.get(URL).from(peer).signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock));
    }

    // ------------------------------------------------------------ the checks of the request

    @Test
    void eachCheckOfTheRequestNamesItself() {
        Qiuth qiuth = engine();
        assertCheck(qiuth.authenticate(Call.post(URL).body("{}").header("Host", "evil.example").view()),
                ErrorCode.MALFORMED_REQUEST, Check.FRAMING);
        assertCheck(qiuth.authenticate(Call.of("TRACE", URL).view()), ErrorCode.METHOD_NOT_ALLOWED, Check.METHOD);
        assertCheck(qiuth.authenticate(Call.get(URL).view()), ErrorCode.MISSING_API_KEY, Check.API_KEY);
        assertCheck(qiuth.authenticate(Call.get(URL).header("X-API-Key", TestPolicies.UNKNOWN_KEY).view()),
                ErrorCode.INVALID_API_KEY, Check.API_KEY);
        assertCheck(qiuth.authenticate(Call.get(URL).from(OUTSIDE_PEER)
                .signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock)).view()),
                ErrorCode.IP_NOT_ALLOWED, Check.IP_ALLOWLIST);
        assertCheck(qiuth.authenticate(Call.get(URL).signedBy(TestPolicies.plainSigner(TestPolicies.TOTP_KEY, clock)).view()),
                ErrorCode.MISSING_TOTP_TOKEN, Check.TOTP);
        assertCheck(qiuth.authenticate(Call.get(URL).signedBy(TestPolicies.certSigner(clock)).remove("X-Signature").view()),
                ErrorCode.MISSING_SIGNATURE, Check.SIGNATURE);
        assertCheck(qiuth.authenticate(Call.get(URL).signedBy(TestPolicies.hmacSigner(clock))
                .set("X-HMAC-Signature", "0".repeat(64)).view()), ErrorCode.INVALID_HMAC, Check.HMAC);
        assertCheck(qiuth.authenticate(Call.get(URL).signedBy(TestPolicies.hmacSigner(clock)).remove("X-Timestamp").view()),
                ErrorCode.EXPIRED_TIMESTAMP, Check.TIMESTAMP);
    }

    @Test
    void aBodyOverTheLimitAndAnUnreadableBodyAreTheBodysCheckNotTheFramings() {
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).maxBodyBytes(10).build();
        assertCheck(qiuth.authenticate(Call.post(URL).body("{\"qty\":12345}").view()), ErrorCode.BODY_TOO_LARGE, Check.BODY);
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("broken chunk");
            }
        };
        assertCheck(qiuth.authenticate(Call.post(URL).streamedView(broken, -1)), ErrorCode.MALFORMED_REQUEST, Check.BODY);
    }

    @Test
    void aReplayedRequestAndAReusedSingleUseCodeAreBothTheReplayCheck() {
        Qiuth qiuth = engine();
        Call signed = Call.post(URL).body("{}").signedBy(TestPolicies.hmacSigner(clock));
        assertThat(qiuth.authenticate(signed.view()).granted()).isTrue();
        assertCheck(qiuth.authenticate(signed.view()), ErrorCode.REPLAYED_REQUEST, Check.REPLAY);

        KeyPolicy once = TestPolicies.totp().toBuilder()
                .totp(TotpConfig.builder(TestPolicies.TOTP_SECRET).singleUse(true).build()).build();
        Qiuth singleUse = Qiuth.builder().clock(clock).keys(once).build();
        Call totp = Call.get(URL).header("X-API-Key", TestPolicies.TOTP_KEY)
                .header("X-TOTP-Token", TotpConfig.of(TestPolicies.TOTP_SECRET).codeAt(clock.instant()));
        assertThat(singleUse.authenticate(totp.view()).granted()).isTrue();
        assertCheck(singleUse.authenticate(totp.view()), ErrorCode.INVALID_TOTP_TOKEN, Check.REPLAY);
        // a wrong code is the TOTP check's: the same code, another check
        assertCheck(singleUse.authenticate(Call.get(URL).header("X-API-Key", TestPolicies.TOTP_KEY)
                .header("X-TOTP-Token", "000000x").view()), ErrorCode.INVALID_TOTP_TOKEN, Check.TOTP);
    }

    // ------------------------------------------------------------ three kinds of 429

    @Test
    void anAddressLockoutAKeyLockoutAndAKeyRateLimitAreThreeChecks() {
        Qiuth byAddress = Qiuth.builder().clock(clock).keys(TestPolicies.all())
                .failureLimit(RateLimit.of(2, Duration.ofMinutes(1))).build();
        for (int i = 0; i < 2; i++) {
            byAddress.authenticate(Call.get(URL).from(ALLOWED_PEER).header("X-API-Key", TestPolicies.UNKNOWN_KEY).view());
        }
        assertCheck(byAddress.authenticate(plain(ALLOWED_PEER).view()), ErrorCode.RATE_LIMITED, Check.ADDRESS_LOCKOUT);

        Qiuth byKey = Qiuth.builder().clock(clock).keys(TestPolicies.all())
                .keyFailureLimit(RateLimit.of(2, Duration.ofMinutes(1))).build();
        for (String peer : new String[] {"192.0.2.1", "192.0.2.2"}) {
            assertCheck(byKey.authenticate(Call.get(URL).from(peer).header("X-API-Key", TestPolicies.TOTP_KEY)
                    .header("X-TOTP-Token", "000000x").view()), ErrorCode.INVALID_TOTP_TOKEN, Check.TOTP);
        }
        Call rightCode = Call.get(URL).from("192.0.2.3").signedBy(TestPolicies.totpSigner(clock));
        assertCheck(byKey.authenticate(rightCode.view()), ErrorCode.RATE_LIMITED, Check.KEY_LOCKOUT);

        KeyPolicy limited = TestPolicies.plain().toBuilder().rateLimit(RateLimit.of(1, Duration.ofMinutes(1))).build();
        Qiuth byRate = Qiuth.builder().clock(clock).keys(limited).build();
        assertThat(byRate.authenticate(plain(ALLOWED_PEER).view()).granted()).isTrue();
        Decision.Denied d = assertCheck(byRate.authenticate(plain(ALLOWED_PEER).view()), ErrorCode.RATE_LIMITED,
                Check.KEY_RATE_LIMIT);
        assertThat(d.status()).isEqualTo(429);
    }

    // ------------------------------------------------------------ which part could not answer

    private static final KeyStore KEY_STORE_DOWN = hash -> {
        throw new StoreUnavailableException("connection refused");
    };

    private static final ReplayGuard REPLAY_GUARD_DOWN = (fingerprint, until, now) -> {
        throw new StoreUnavailableException("redis down");
    };

    /** Down for every call, or (with {@code acquireOnly}) only for counting a key's requests. */
    private static RateLimiter limiterDown(boolean acquireOnly) {
        return new RateLimiter() {
            @Override
            public long acquire(String bucket, RateLimit limit, Instant now) {
                throw new StoreUnavailableException("redis down");
            }

            @Override
            public long blockedFor(String bucket, RateLimit limit, Instant now) {
                if (acquireOnly) {
                    return 0;
                }
                throw new StoreUnavailableException("redis down");
            }
        };
    }

    @Test
    void aKeyStoreAReplayGuardAndARateLimiterThatCannotAnswerAreToldApart() {
        assertCheck(Qiuth.builder().clock(clock).keyStore(KEY_STORE_DOWN).build().authenticate(plain(ALLOWED_PEER).view()),
                ErrorCode.UNAVAILABLE, Check.KEY_STORE);

        Qiuth replayDown = Qiuth.builder().clock(clock).keys(TestPolicies.all()).replayGuard(REPLAY_GUARD_DOWN).build();
        Decision.Denied replay = assertCheck(replayDown.authenticate(Call.post(URL).body("{}")
                .signedBy(TestPolicies.hmacSigner(clock)).view()), ErrorCode.UNAVAILABLE, Check.REPLAY_GUARD);
        assertThat(replay.detail()).isEqualTo("store unavailable");

        Qiuth lockoutDown = Qiuth.builder().clock(clock).keys(TestPolicies.all()).rateLimiter(limiterDown(false))
                .failureLimit(RateLimit.of(3, Duration.ofMinutes(1))).build();
        assertCheck(lockoutDown.authenticate(plain(ALLOWED_PEER).view()), ErrorCode.UNAVAILABLE, Check.RATE_LIMITER);

        KeyPolicy limited = TestPolicies.plain().toBuilder().rateLimit(RateLimit.of(5, Duration.ofMinutes(1))).build();
        Qiuth rateDown = Qiuth.builder().clock(clock).keys(limited).rateLimiter(limiterDown(true)).build();
        Decision.Denied rate = assertCheck(rateDown.authenticate(plain(ALLOWED_PEER).view()), ErrorCode.UNAVAILABLE,
                Check.RATE_LIMITER);
        assertThat(rate.status()).isEqualTo(503);
    }

    @Test
    void anUnexpectedExceptionOfAStoreIsStillThatStores() {
        ReplayGuard broken = (fingerprint, until, now) -> {
            throw new IllegalStateException("client bug");
        };
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).replayGuard(broken).build();
        Decision.Denied d = assertCheck(qiuth.authenticate(Call.post(URL).body("{}").signedBy(TestPolicies.hmacSigner(clock))
                .view()), ErrorCode.UNAVAILABLE, Check.REPLAY_GUARD);
        assertThat(d.detail()).isEqualTo("unexpected java.lang.IllegalStateException");
        assertCheck(Qiuth.builder().clock(clock).keyStore(hash -> {
            throw new ArithmeticException();
        }).build().authenticate(plain(ALLOWED_PEER).view()), ErrorCode.UNAVAILABLE, Check.KEY_STORE);
    }

    @Test
    void aFailureAfterTheKeyStoreAnsweredIsNotBlamedOnIt() throws Exception {
        Qiuth sync = Qiuth.builder().clock(clock).keys(TestPolicies.all()).replayGuard(REPLAY_GUARD_DOWN).build();
        Call signed = Call.post(URL).body("{}").signedBy(TestPolicies.hmacSigner(clock));
        assertCheck(sync.authenticate(signed.view()), ErrorCode.UNAVAILABLE, Check.REPLAY_GUARD);
        // the async path, its lookup answered later on another thread
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            Qiuth async = Qiuth.builder().clock(clock).keyStore(InMemoryKeyStore.of(TestPolicies.all()), worker)
                    .replayGuard(REPLAY_GUARD_DOWN).build();
            assertCheck(async.authenticateAsync(signed.view()).toCompletableFuture().get(5, TimeUnit.SECONDS),
                    ErrorCode.UNAVAILABLE, Check.REPLAY_GUARD);
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void anAsyncKeyStoreThatFailsInAnyWayIsTheKeyStore() throws Exception {
        AsyncKeyStore failing = hash -> CompletableFuture.failedFuture(new StoreUnavailableException("timeout"));
        AsyncKeyStore throwing = hash -> {
            throw new StoreUnavailableException("pool exhausted");
        };
        AsyncKeyStore noStage = hash -> null;
        for (AsyncKeyStore async : List.of(failing, throwing, noStage)) {
            Qiuth qiuth = Qiuth.builder().clock(clock).keyStore(new AsyncOnlyKeyStore(async)).build();
            assertCheck(qiuth.authenticateAsync(plain(ALLOWED_PEER).view()).toCompletableFuture().get(5, TimeUnit.SECONDS),
                    ErrorCode.UNAVAILABLE, Check.KEY_STORE);
        }
    }

    @Test
    void anExecutorThatRefusesTheLookupIsTheExecutor() throws Exception {
        Executor refusing = task -> {
            throw new RejectedExecutionException("queue full");
        };
        KeyStore blocking = InMemoryKeyStore.of(TestPolicies.all())::findByHash; // may block, as any store that does not say otherwise
        Qiuth qiuth = Qiuth.builder().clock(clock).keyStore(blocking, refusing).build();
        Decision.Denied d = assertCheck(qiuth.authenticateAsync(plain(ALLOWED_PEER).view()).toCompletableFuture()
                .get(5, TimeUnit.SECONDS), ErrorCode.UNAVAILABLE, Check.EXECUTOR);
        assertThat(d.detail()).isEqualTo("no worker free to judge the request");
        // a lookup whose stage fails with the executor's refusal (a pool shut down meanwhile): still the executor
        Qiuth later = Qiuth.builder().clock(clock).keyStore(new AsyncOnlyKeyStore(hash -> CompletableFuture.failedFuture(
                new java.util.concurrent.CompletionException(new RejectedExecutionException("shut down"))))).build();
        assertCheck(later.authenticateAsync(plain(ALLOWED_PEER).view()).toCompletableFuture().get(5, TimeUnit.SECONDS),
                ErrorCode.UNAVAILABLE, Check.EXECUTOR);
    }

    @Test
    void aLimiterThatFailsOnlyWhileCountingADenialLeavesTheDenialsOwnCheck() {
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).rateLimiter(limiterDown(true))
                .failureLimit(RateLimit.of(3, Duration.ofMinutes(1))).build();
        assertCheck(qiuth.authenticate(Call.get(URL).view()), ErrorCode.MISSING_API_KEY, Check.API_KEY);
    }

    // ------------------------------------------------------------ what others see of it

    @Test
    void minimalDisclosureHidesTheCheckFromTheClientButNotFromTheDecision() {
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).minimalDisclosure(true).build();
        Decision.Denied d = assertDenied(qiuth.authenticate(Call.get(URL).signedBy(TestPolicies.hmacSigner(clock))
                .set("X-HMAC-Signature", "0".repeat(64)).view()), ErrorCode.UNAUTHORIZED, ErrorCode.INVALID_HMAC);
        assertThat(d.check()).isEqualTo(Check.HMAC);
        assertThat(d.response().bodyText()).doesNotContain("HMAC");
    }

    @Test
    void theAuditLineNamesTheCheck() {
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all())
                .keyFailureLimit(RateLimit.of(1, Duration.ofMinutes(1))).build();
        qiuth.authenticate(Call.get(URL).header("X-API-Key", TestPolicies.TOTP_KEY).header("X-TOTP-Token", "000000x").view());
        Decision locked = qiuth.authenticate(Call.get(URL).signedBy(TestPolicies.totpSigner(clock)).view());
        Decision granted = qiuth.authenticate(plain(ALLOWED_PEER).view());

        assertThat(auditLines(locked.correlationId())).singleElement().satisfies(line -> assertThat(line)
                .startsWith("decision=denied code=RATE_LIMITED check=KEY_LOCKOUT key=totp "));
        assertThat(auditLines(granted.correlationId())).singleElement().satisfies(line -> assertThat(line)
                .startsWith("decision=granted").doesNotContain("check="));
    }

    private static List<String> auditLines(String correlationId) {
        List<String> lines = new ArrayList<>();
        for (LogEvent e : LogCapture.ofRun().events()) {
            if (e.logger().equals(AuditLog.LOGGER) && e.message().contains("correlationId=" + correlationId)) {
                lines.add(e.message());
            }
        }
        return lines;
    }

    // ------------------------------------------------------------ the enum itself

    @Test
    void everyRealCodeHasACheckAndNoCheckYieldsTheMinimalDisclosureCode() {
        EnumSet<ErrorCode> yielded = EnumSet.noneOf(ErrorCode.class);
        for (Check check : Check.values()) {
            assertThat(check.codes()).as(check.name()).isNotEmpty().doesNotContain(ErrorCode.UNAUTHORIZED);
            yielded.addAll(check.codes());
        }
        assertThat(yielded).isEqualTo(EnumSet.complementOf(EnumSet.of(ErrorCode.UNAUTHORIZED)));
        assertThat(Check.REPLAY_GUARD.codes()).containsExactly(ErrorCode.UNAVAILABLE);
    }

    @Test
    void aDenialBuiltWithoutItsCheckGetsTheFirstCheckYieldingItsCode() {
        DenialResponse response = ProblemJson.render(ErrorCode.INVALID_HMAC, "c-1", "api", 0);
        Decision.Denied hmac = new Decision.Denied(ErrorCode.INVALID_HMAC, ErrorCode.INVALID_HMAC, "x", response, "c-1");
        assertThat(hmac.check()).isEqualTo(Check.HMAC);
        Decision.Denied limited = new Decision.Denied(ErrorCode.RATE_LIMITED, ErrorCode.RATE_LIMITED, "x", response, "c-1");
        assertThat(limited.check()).isEqualTo(Check.ADDRESS_LOCKOUT);
        Decision.Denied odd = new Decision.Denied(ErrorCode.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "x", response, "c-1");
        assertThat(odd.check()).isEqualTo(Check.INTERNAL);
    }
}
