package dev.qiuth;

import dev.qiuth.ip.Forwarding;
import dev.qiuth.ip.IpAddress;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.FailureLimiter;
import dev.qiuth.ratelimit.InMemoryRateLimiter;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.InMemoryReplayGuard;
import dev.qiuth.replay.ReplayFingerprints;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.signature.CanonicalRequest;
import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.signature.TimestampWindow;
import dev.qiuth.store.AsyncKeyStore;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.totp.TotpConfig;
import dev.qiuth.totp.TotpVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The engine: judges a {@link RequestView} against the policy of the key it presents and
 * answers with a {@link Decision}. Thread-safe and framework-neutral; adapters call it once per
 * request and copy a denial's ready response out.
 *
 * <p>Factors are checked in protocol order, stopping at the first failure: API key, IP
 * allowlist, TOTP, certificate signature, HMAC signature, replay. Nothing is ever let through
 * on error: a store that cannot answer, or any unexpected failure, is a 503 {@code UNAVAILABLE}.
 *
 * <pre>{@code
 * Qiuth qiuth = Qiuth.builder()
 *         .keys(KeyPolicy.builder().apiKey(key).hmac(secret).build())
 *         .trustedProxies(TrustedProxies.of("10.0.0.0/8"))
 *         .build();
 * Decision decision = qiuth.authenticate(view);
 * }</pre>
 */
public final class Qiuth {
    /** The request attribute under which adapters store the {@link QiuthPrincipal}. */
    public static final String PRINCIPAL_ATTRIBUTE = "dev.qiuth.principal";
    /** The default body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Longest API key header read; longer ones are refused unhashed. */
    static final int MAX_API_KEY_LENGTH = 1024;

    // header names in lower case: Headers lower-cases the name it is asked for, a no-op for these
    private static final String API_KEY = QiuthHeaders.API_KEY.toLowerCase(Locale.ROOT);
    private static final String TOTP_TOKEN = QiuthHeaders.TOTP_TOKEN.toLowerCase(Locale.ROOT);
    private static final String TIMESTAMP = QiuthHeaders.TIMESTAMP.toLowerCase(Locale.ROOT);
    private static final String SIGNATURE = QiuthHeaders.SIGNATURE.toLowerCase(Locale.ROOT);
    private static final String HMAC_SIGNATURE = QiuthHeaders.HMAC_SIGNATURE.toLowerCase(Locale.ROOT);

    private final KeyStore keyStore;
    private final AsyncKeyStore asyncKeyStore;
    /** Where {@link #authenticateAsync} judges a request when a store may block; null: on the caller's thread. */
    private final Executor offloadTo;
    private final boolean mayBlock;
    private final ReplayGuard replayGuard;
    private final RateLimiter rateLimiter;
    private final FailureLimiter failureLimiter;
    private final Forwarding forwarding;
    private final Clock clock;
    private final String realm;
    private final int maxBodyBytes;
    private final boolean apiKeyInQuery;
    private final boolean minimalDisclosure;
    private final DecisionListener listener;
    private final RotationListener rotationListener;
    private final AuditLog audit = new AuditLog();

    private Qiuth(Builder b) {
        this.keyStore = b.keyStore;
        this.asyncKeyStore = b.asyncKeyStore;
        this.offloadTo = b.blockingExecutor;
        this.mayBlock = b.keyStore.mayBlock() || b.replayGuard.mayBlock() || b.rateLimiter.mayBlock();
        this.replayGuard = b.replayGuard;
        this.rateLimiter = b.rateLimiter;
        this.failureLimiter = new FailureLimiter(b.rateLimiter, b.failureLimit, b.keyFailureLimit);
        this.forwarding = Forwarding.of(b.trustedProxies, b.publicBaseUrl, b.allowedHosts);
        this.clock = b.clock;
        this.realm = b.realm;
        this.maxBodyBytes = b.maxBodyBytes;
        this.apiKeyInQuery = b.apiKeyInQuery;
        this.minimalDisclosure = b.minimalDisclosure;
        this.listener = b.listener;
        this.rotationListener = b.rotationListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The largest body the engine reads; larger ones are refused with 413. For adapters whose
     * framework buffers the body itself, to size that buffer.
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Whether {@link #authenticate} may wait on I/O: its key store, replay guard or rate limiter
     * {@linkplain KeyStore#mayBlock() may block}. When not (the in-memory defaults), an adapter may
     * call it on an event loop.
     */
    public boolean mayBlock() {
        return mayBlock;
    }

    /**
     * Judges a request, blocking on the key store if it blocks, and on the body stream if the
     * view has one. Never throws.
     */
    public Decision authenticate(RequestView request) {
        long start = System.nanoTime();
        Attempt attempt = new Attempt(request);
        Decision early = requestAlone(attempt);
        return finish(attempt, early != null ? early : lookUpAndJudge(attempt), start);
    }

    /** {@link #checkRequest}, never throwing. */
    private Decision requestAlone(Attempt attempt) {
        try {
            return checkRequest(attempt);
        } catch (RuntimeException e) {
            return failure(attempt, e);
        }
    }

    /** All but {@link #checkRequest}, on the calling thread; never throws. */
    private Decision lookUpAndJudge(Attempt attempt) {
        try {
            Decision decision = checkCaller(attempt);
            if (decision == null) {
                attempt.calling = Check.KEY_STORE;
                Optional<KeyPolicy> found = keyStore.findByHash(attempt.hash);
                attempt.calling = null;
                decision = judge(attempt, found);
            }
            return decision;
        } catch (RuntimeException e) {
            return failure(attempt, e);
        }
    }

    /**
     * Judges a request without blocking the calling thread (give such a view its body as bytes).
     * An engine given a blocking executor ({@link Builder#keyStore(KeyStore, Executor)}) judges the
     * request there, past what the request alone tells (framing, method, body: answered on the
     * calling thread), when its key store, replay guard or rate limiter {@linkplain
     * KeyStore#mayBlock() may block}, and wholly on the calling thread when none may (the
     * in-memory defaults); otherwise the key store's own {@link AsyncKeyStore} is used. The stage
     * never completes exceptionally; an executor that refuses the work is a 503.
     */
    public CompletionStage<Decision> authenticateAsync(RequestView request) {
        if (offloadTo == null || !mayBlock) {
            return lookUpAsync(request);
        }
        long start = System.nanoTime();
        Attempt attempt = new Attempt(request);
        Decision early = requestAlone(attempt);
        if (early != null) {
            return CompletableFuture.completedFuture(finish(attempt, early, start));
        }
        try {
            return CompletableFuture.supplyAsync(() -> finish(attempt, lookUpAndJudge(attempt), start), offloadTo);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(finish(attempt, failure(attempt, e), start));
        }
    }

    private CompletionStage<Decision> lookUpAsync(RequestView request) {
        long start = System.nanoTime();
        Attempt attempt = new Attempt(request);
        try {
            Decision early = begin(attempt);
            if (early != null) {
                return CompletableFuture.completedFuture(finish(attempt, early, start));
            }
            // cleared only in the callback, which may run on the store's thread: never written after handle()
            attempt.calling = Check.KEY_STORE;
            return asyncKeyStore.findByHashAsync(attempt.hash).handle((policy, error) -> {
                Decision decision;
                try {
                    if (error != null) {
                        decision = failure(attempt, error);
                    } else {
                        attempt.calling = null;
                        decision = judge(attempt, policy);
                    }
                } catch (RuntimeException e) {
                    decision = failure(attempt, e);
                }
                return finish(attempt, decision, start);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(finish(attempt, failure(attempt, e), start));
        }
    }

    // ---------------------------------------------------------------- the checks

    /** What is known of one request as it goes through the checks. */
    private final class Attempt {
        final RequestView request;
        final Instant now;
        final String correlationId = CorrelationIds.next();
        IpAddress peer;
        IpAddress clientAddress;
        ApiKeyHash hash;
        KeyPolicy policy;
        long totpCounter = TotpVerifier.NO_MATCH;
        long timestamp = -1;
        byte[] canonical;
        byte[] acceptedMac;
        Duration longestAge = Duration.ZERO;
        /**
         * The store being called (key store, replay guard, rate limiter) while it runs, null
         * between calls: a failure thrown meanwhile is that store's, named in the 503 without
         * parsing any message. A field write before and after each call, nothing allocated.
         */
        Check calling;
        /** Factors proved with a credential the key is rotating away from; null while there are none. */
        EnumSet<Factor> previous;

        void usedPrevious(Factor factor) {
            if (previous == null) {
                previous = EnumSet.noneOf(Factor.class);
            }
            previous.add(factor);
        }

        Attempt(RequestView request) {
            this.request = request;
            this.now = clock.instant();
        }
    }

    /** What needs no key lookup: {@link #checkRequest}, then {@link #checkCaller}. A denial, or null to go on. */
    private Decision begin(Attempt a) {
        Decision d = checkRequest(a);
        return d != null ? d : checkCaller(a);
    }

    /** What the request alone tells, no store asked: framing, method, body. A denial, or null to go on. */
    private Decision checkRequest(Attempt a) {
        RequestView r = a.request;
        Headers h = r.headers();
        a.peer = IpAddress.tryParsePeer(r.remoteAddress());
        a.clientAddress = forwarding.clientAddress(null, a.peer, h::all);
        String framing = RequestFraming.violation(r);
        if (framing != null) {
            return deny(a, Check.FRAMING, ErrorCode.MALFORMED_REQUEST, framing, 0);
        }
        if (r.method().equals("TRACE")) {
            // a TRACE answer echoes the request, credentials and all
            return deny(a, Check.METHOD, ErrorCode.METHOD_NOT_ALLOWED, "TRACE on a protected path", 0);
        }
        switch (r.readBody(maxBodyBytes)) {
            case TOO_LARGE:
                return deny(a, Check.BODY, ErrorCode.BODY_TOO_LARGE, "body over " + maxBodyBytes + " bytes", 0);
            case UNREADABLE:
                return deny(a, Check.BODY, ErrorCode.MALFORMED_REQUEST, "body unreadable", 0);
            default:
                return null;
        }
    }

    /** The failure lockout of the address, the API key header. A denial, or null to go on. */
    private Decision checkCaller(Attempt a) {
        if (failureLimiter.enabled()) {
            a.calling = Check.RATE_LIMITER;
            long wait = failureLimiter.addressBlockedFor(addressText(a), a.now);
            a.calling = null;
            if (wait > 0) {
                return deny(a, Check.ADDRESS_LOCKOUT, ErrorCode.RATE_LIMITED, "too many failed attempts from this client", wait);
            }
        }
        List<String> keys = a.request.headers().all(API_KEY);
        if (keys.isEmpty() && apiKeyInQuery) {
            keys = QueryParameter.values(a.request.rawQuery(), "api_key");
        }
        if (keys.isEmpty() || keys.get(0).isEmpty()) {
            return deny(a, Check.API_KEY, ErrorCode.MISSING_API_KEY, "no API key", 0);
        }
        if (keys.size() > 1) {
            return deny(a, Check.API_KEY, ErrorCode.INVALID_API_KEY, "API key sent more than once", 0);
        }
        String apiKey = keys.get(0);
        if (apiKey.length() > MAX_API_KEY_LENGTH) {
            return deny(a, Check.API_KEY, ErrorCode.INVALID_API_KEY, "API key longer than " + MAX_API_KEY_LENGTH, 0);
        }
        a.hash = ApiKeyHash.of(apiKey);
        return null;
    }

    /**
     * The factors in protocol order, each its own small method (one compilation unit each for
     * the JIT); the first denial ends the check.
     */
    private Decision judge(Attempt a, Optional<KeyPolicy> found) {
        Decision d = checkKey(a, found == null ? null : found.orElse(null));
        if (d != null) {
            return d;
        }
        KeyPolicy p = a.policy;
        if (failureLimiter.enabled() && (d = checkKeyLockout(a, p)) != null) {
            return d;
        }
        if (p.ipAllowlistOrNull() != null && (d = checkAddress(a, p)) != null) {
            return d;
        }
        TotpConfig totp = p.totpOrNull();
        if (totp != null && (d = checkTotp(a, totp)) != null) {
            return d;
        }
        CertificateConfig cert = p.certificateOrNull();
        HmacConfig hmac = p.hmacOrNull();
        if (cert != null || hmac != null) {
            buildCanonical(a, p);
            if (cert != null && (d = checkCertificate(a, cert)) != null) {
                return d;
            }
            if (hmac != null && (d = checkHmac(a, hmac)) != null) {
                return d;
            }
            if ((d = checkReplay(a)) != null) {
                return d;
            }
        }
        if (totp != null && totp.singleUse() && (d = useTotpOnce(a, totp)) != null) {
            return d;
        }
        if (p.rateLimit().isPresent() && (d = checkKeyRate(a, p.rateLimit().get())) != null) {
            return d;
        }
        QiuthPrincipal principal = a.previous == null ? p.principal() : p.principal().withPreviousCredentials(a.previous);
        return new Decision.Granted(principal, a.request.body(), a.correlationId);
    }

    private Decision checkKey(Attempt a, KeyPolicy p) {
        KeyRotation rotation = p == null ? null : p.rotationOrNull();
        ApiKeyHash previousHash = rotation == null ? null : rotation.previousKeyHashOrNull();
        // both compared, without a shortcut: which one matched must not show in the time taken
        boolean current = p != null && p.keyHash().matches(a.hash);
        boolean previous = previousHash != null && previousHash.matches(a.hash);
        if (!(current | previous)) {
            return deny(a, Check.API_KEY, ErrorCode.INVALID_API_KEY, "unknown key " + a.hash.shortId(), 0);
        }
        a.policy = p;
        if (!p.activeAt(a.now)) {
            return deny(a, Check.API_KEY, ErrorCode.INVALID_API_KEY, p.revoked() ? "key revoked" : "key expired", 0);
        }
        if (!current) {
            if (!rotation.acceptsPreviousAt(a.now)) {
                return deny(a, Check.API_KEY, ErrorCode.INVALID_API_KEY, "previous API key after its rotation ended", 0);
            }
            a.usedPrevious(Factor.API_KEY);
        }
        return null;
    }

    /** The key's rotation while it still accepts previous credentials, else null. */
    private static KeyRotation openRotation(Attempt a) {
        KeyRotation rotation = a.policy.rotationOrNull();
        return rotation != null && rotation.acceptsPreviousAt(a.now) ? rotation : null;
    }

    private Decision checkKeyLockout(Attempt a, KeyPolicy p) {
        a.calling = Check.RATE_LIMITER;
        long wait = failureLimiter.keyBlockedFor(p.id(), a.now);
        a.calling = null;
        if (wait > 0) {
            return deny(a, Check.KEY_LOCKOUT, ErrorCode.RATE_LIMITED, "too many failed attempts for this key", wait);
        }
        return null;
    }

    private Decision checkAddress(Attempt a, KeyPolicy p) {
        TrustedProxies own = p.trustedProxiesOrNull();
        IpAddress client = own == null ? a.clientAddress : forwarding.clientAddress(own, a.peer, a.request.headers()::all);
        if (!p.ipAllowlistOrNull().allows(client)) {
            return deny(a, Check.IP_ALLOWLIST, ErrorCode.IP_NOT_ALLOWED, "client address not in allowlist", 0);
        }
        return null;
    }

    private Decision checkTotp(Attempt a, TotpConfig totp) {
        List<String> codes = a.request.headers().all(TOTP_TOKEN);
        if (codes.isEmpty()) {
            return deny(a, Check.TOTP, ErrorCode.MISSING_TOTP_TOKEN, "no TOTP code", 0);
        }
        a.totpCounter = codes.size() == 1 ? totp.verify(codes.get(0), a.now) : TotpVerifier.NO_MATCH;
        KeyRotation rotation;
        if (a.totpCounter == TotpVerifier.NO_MATCH && codes.size() == 1 && (rotation = openRotation(a)) != null
                && rotation.previousTotpOrNull() != null) {
            a.totpCounter = rotation.previousTotpOrNull().verify(codes.get(0), a.now);
            if (a.totpCounter != TotpVerifier.NO_MATCH) {
                a.usedPrevious(Factor.TOTP);
            }
        }
        if (a.totpCounter == TotpVerifier.NO_MATCH) {
            return deny(a, Check.TOTP, ErrorCode.INVALID_TOTP_TOKEN, "TOTP code does not match", 0);
        }
        return null;
    }

    /** The timestamp and the canonical request both signatures cover; null canonical when the Host is refused. */
    private void buildCanonical(Attempt a, KeyPolicy p) {
        RequestView r = a.request;
        a.timestamp = TimestampWindow.parse(single(r.headers(), TIMESTAMP));
        Forwarding.PublicOrigin origin = forwarding.publicOrigin(p.trustedProxiesOrNull(), a.peer, r.scheme(),
                r.authority(), r.headers()::all);
        if (origin != null) {
            a.canonical = CanonicalRequest.bytes(r.method(), origin.scheme(), origin.authority(), r.rawPath(),
                    r.rawQuery(), a.timestamp, r.body());
        }
    }

    private Decision checkCertificate(Attempt a, CertificateConfig cert) {
        String sig = single(a.request.headers(), SIGNATURE);
        if (sig == null) {
            return deny(a, Check.SIGNATURE, ErrorCode.MISSING_SIGNATURE, "no X-Signature", 0);
        }
        Decision late = checkTimestamp(a, a.timestamp, cert.maxAge());
        if (late != null) {
            return late;
        }
        if (a.canonical == null) {
            return deny(a, Check.SIGNATURE, ErrorCode.INVALID_SIGNATURE, "Host not accepted", 0);
        }
        if (!cert.verifies(a.canonical, sig)) {
            KeyRotation rotation = openRotation(a);
            CertificateConfig previous = rotation == null ? null : rotation.previousCertificateOrNull();
            if (previous == null || !previous.verifies(a.canonical, sig)) {
                return deny(a, Check.SIGNATURE, ErrorCode.INVALID_SIGNATURE, "RSA signature does not verify", 0);
            }
            a.usedPrevious(Factor.CERTIFICATE);
        }
        a.longestAge = cert.maxAge();
        return null;
    }

    private Decision checkHmac(Attempt a, HmacConfig hmac) {
        String sig = single(a.request.headers(), HMAC_SIGNATURE);
        if (sig == null) {
            return deny(a, Check.HMAC, ErrorCode.MISSING_HMAC, "no X-HMAC-Signature", 0);
        }
        Decision late = checkTimestamp(a, a.timestamp, hmac.maxAge());
        if (late != null) {
            return late;
        }
        a.acceptedMac = a.canonical == null ? null : hmac.verifiedMac(a.canonical, sig);
        KeyRotation rotation;
        if (a.acceptedMac == null && a.canonical != null && (rotation = openRotation(a)) != null
                && rotation.previousHmacOrNull() != null) {
            a.acceptedMac = rotation.previousHmacOrNull().verifiedMac(a.canonical, sig);
            if (a.acceptedMac != null) {
                a.usedPrevious(Factor.HMAC);
            }
        }
        if (a.acceptedMac == null) {
            return deny(a, Check.HMAC, ErrorCode.INVALID_HMAC, a.canonical == null ? "Host not accepted" : "HMAC does not verify", 0);
        }
        if (hmac.maxAge().compareTo(a.longestAge) > 0) {
            a.longestAge = hmac.maxAge();
        }
        return null;
    }

    /** A signed request is remembered until its timestamp leaves the window, and refused a second time. */
    private Decision checkReplay(Attempt a) {
        byte[] keyHash = a.policy.keyHash().bytes();
        byte[] fingerprint = a.acceptedMac != null ? ReplayFingerprints.ofHmacRequest(keyHash, a.acceptedMac)
                : ReplayFingerprints.ofSignedRequest(keyHash, a.canonical);
        Instant until = Instant.ofEpochMilli(a.timestamp + a.longestAge.toMillis());
        if (!firstUse(a, fingerprint, until)) {
            return deny(a, Check.REPLAY, ErrorCode.REPLAYED_REQUEST, "signed request seen before", 0);
        }
        return null;
    }

    /** The replay guard's answer, the guard named while it is asked (see {@link Attempt#calling}). */
    private boolean firstUse(Attempt a, byte[] fingerprint, Instant until) {
        a.calling = Check.REPLAY_GUARD;
        boolean first = replayGuard.firstUse(fingerprint, until, a.now);
        a.calling = null;
        return first;
    }

    private Decision useTotpOnce(Attempt a, TotpConfig totp) {
        byte[] fingerprint = ReplayFingerprints.ofTotpCode(a.policy.keyHash().bytes(), a.totpCounter);
        Instant until = Instant.ofEpochMilli((a.totpCounter + totp.window() + 1) * totp.step().toMillis());
        if (!firstUse(a, fingerprint, until)) {
            return deny(a, Check.REPLAY, ErrorCode.INVALID_TOTP_TOKEN, "TOTP code already used", 0);
        }
        return null;
    }

    private Decision checkKeyRate(Attempt a, RateLimit limit) {
        a.calling = Check.RATE_LIMITER;
        long wait = rateLimiter.acquire("key:" + a.policy.id(), limit, a.now);
        a.calling = null;
        if (wait > 0) {
            return deny(a, Check.KEY_RATE_LIMIT, ErrorCode.RATE_LIMITED, "key over its request rate", wait);
        }
        return null;
    }

    private Decision checkTimestamp(Attempt a, long timestamp, Duration maxAge) {
        switch (TimestampWindow.check(timestamp, a.now.toEpochMilli(), maxAge)) {
            case EXPIRED:
                return deny(a, Check.TIMESTAMP, ErrorCode.EXPIRED_TIMESTAMP, timestamp < 0 ? "timestamp missing or malformed"
                        : "timestamp older than " + maxAge.toSeconds() + "s", 0);
            case FUTURE:
                return deny(a, Check.TIMESTAMP, ErrorCode.FUTURE_TIMESTAMP, "timestamp more than "
                        + TimestampWindow.FUTURE_SKEW.toSeconds() + "s ahead", 0);
            default:
                return null;
        }
    }

    /** The header's value when sent exactly once; null when absent or repeated. */
    private static String single(Headers h, String name) {
        List<String> values = h.all(name);
        return values.size() == 1 ? values.get(0) : null;
    }

    private static String addressText(Attempt a) {
        return a.clientAddress == null ? null : a.clientAddress.toString();
    }

    private Decision.Denied failure(Attempt a, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        // the part being called when it failed; none: the engine's own failure
        Check failed = a.calling != null ? a.calling : Check.INTERNAL;
        if (cause instanceof java.util.concurrent.RejectedExecutionException) {
            return deny(a, Check.EXECUTOR, ErrorCode.UNAVAILABLE, "no worker free to judge the request", 0);
        }
        if (cause instanceof StoreUnavailableException) {
            // not the store's message: a driver's may quote a connection string, and the detail is logged
            return deny(a, failed, ErrorCode.UNAVAILABLE, "store unavailable", 0);
        }
        audit.unexpected(cause, a.correlationId);
        return deny(a, failed, ErrorCode.UNAVAILABLE, "unexpected " + cause.getClass().getName(), 0);
    }

    /** A denial, built and nothing else: counting and logging happen once, in {@link #finish}. */
    private Decision.Denied deny(Attempt a, Check check, ErrorCode reason, String detail, long retryAfter) {
        ErrorCode shown = minimalDisclosure && reason.status() == 401 ? ErrorCode.UNAUTHORIZED : reason;
        DenialResponse response = ProblemJson.render(shown, a.correlationId, realm, retryAfter);
        return new Decision.Denied(shown, reason, check, detail, response, a.correlationId);
    }

    /** What follows every decision: the failure count, the audit line, the listener. */
    private Decision finish(Attempt a, Decision decision, long start) {
        if (decision instanceof Decision.Denied denied) {
            int status = denied.reason().status();
            if (failureLimiter.enabled() && (status == 401 || status == 403)) {
                countFailure(a);
            }
            audit.denied(a.request, a.clientAddress, a.policy, a.hash, denied.reason(), denied.check(), denied.detail(),
                    a.correlationId);
        } else {
            QiuthPrincipal principal = ((Decision.Granted) decision).principal();
            audit.granted(a.request, a.clientAddress, a.policy, principal, a.correlationId);
            KeyRotation rotation = a.previous == null ? null : a.policy.rotationOrNull();
            if (rotation != null && rotationListener != null && rotation.inLastQuarterAt(a.now)) {
                try {
                    rotationListener.previousCredentialUsed(principal, rotation.until());
                } catch (RuntimeException e) {
                    audit.listenerFailed(e, decision.correlationId());
                }
            }
        }
        try {
            listener.onDecision(decision, System.nanoTime() - start);
        } catch (RuntimeException e) {
            audit.listenerFailed(e, decision.correlationId());
        }
        return decision;
    }

    private void countFailure(Attempt a) {
        try {
            failureLimiter.recordFailure(addressText(a), a.policy == null ? null : a.policy.id(), a.now);
        } catch (StoreUnavailableException e) {
            audit.failureNotCounted(a.correlationId);
        } catch (RuntimeException e) {
            audit.unexpected(e, a.correlationId);
        }
    }

    // ---------------------------------------------------------------- configuration

    /** Configures a {@link Qiuth}; a key store (or {@link #keys}) is required. */
    public static final class Builder {
        private KeyStore keyStore;
        private AsyncKeyStore asyncKeyStore;
        private Executor blockingExecutor;
        private ReplayGuard replayGuard;
        private RateLimiter rateLimiter;
        private RateLimit failureLimit;
        private RateLimit keyFailureLimit;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private Clock clock = Clock.systemUTC();
        private String realm = "api";
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean apiKeyInQuery;
        private boolean minimalDisclosure;
        private URI publicBaseUrl;
        private Set<String> allowedHosts = Set.of();
        private DecisionListener listener = DecisionListener.none();
        private RotationListener rotationListener;

        private Builder() {
        }

        /** Hears of previous credentials used in the last quarter of a key's rotation; see {@link KeyRotation}. */
        public Builder rotationListener(RotationListener listener) {
            this.rotationListener = listener;
            return this;
        }

        /** Told of every decision (metrics, alerting); see {@link DecisionListener}. */
        public Builder listener(DecisionListener listener) {
            this.listener = listener == null ? DecisionListener.none() : listener;
            return this;
        }

        /** Serves these keys from an {@link InMemoryKeyStore}. */
        public Builder keys(KeyPolicy... policies) {
            return keyStore(InMemoryKeyStore.of(policies));
        }

        public Builder keys(Collection<KeyPolicy> policies) {
            return keyStore(InMemoryKeyStore.of(policies));
        }

        /**
         * The key store. If it also implements {@link AsyncKeyStore}, that is used by
         * {@link #authenticateAsync}; otherwise async lookups run on the calling thread unless
         * an executor is given with {@link #keyStore(KeyStore, Executor)}.
         */
        public Builder keyStore(KeyStore store) {
            this.keyStore = store;
            this.blockingExecutor = null;
            this.asyncKeyStore = store instanceof AsyncKeyStore async ? async : AsyncKeyStore.direct(store);
            return this;
        }

        /**
         * A key store, and the executor where {@link #authenticateAsync} judges requests while
         * anything the engine calls {@linkplain KeyStore#mayBlock() may block}.
         */
        public Builder keyStore(KeyStore store, Executor blockingExecutor) {
            this.keyStore = store;
            this.asyncKeyStore = AsyncKeyStore.direct(store);
            this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
            return this;
        }

        /** Where signed requests (and single-use TOTP codes) are remembered; default in memory. */
        public Builder replayGuard(ReplayGuard guard) {
            this.replayGuard = guard;
            return this;
        }

        /** Where failure and per-key request counts are kept; default in memory. */
        public Builder rateLimiter(RateLimiter limiter) {
            this.rateLimiter = limiter;
            return this;
        }

        /**
         * After this many 401/403 answers to one client address in a window, answer 429 with
         * {@code Retry-After} until the window ends. Off by default.
         */
        public Builder failureLimit(RateLimit limit) {
            this.failureLimit = limit;
            return this;
        }

        /**
         * After this many 401/403 answers for one key id in a window, answer every request for
         * that key 429 with {@code Retry-After} until the window ends, whoever sends it: a
         * lockout against guessing a key's other factors. Off by default.
         */
        public Builder keyFailureLimit(RateLimit limit) {
            this.keyFailureLimit = limit;
            return this;
        }

        /** Which peers' {@code X-Forwarded-*} and {@code Forwarded} headers are believed. */
        public Builder trustedProxies(TrustedProxies proxies) {
            this.trustedProxies = proxies;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The realm in {@code WWW-Authenticate: ApiKey realm="..."}; default {@code api}. */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Also read the key from the {@code api_key} query parameter. Off by default: URLs get logged. */
        public Builder apiKeyInQuery(boolean enabled) {
            this.apiKeyInQuery = enabled;
            return this;
        }

        /** Answer every 401 with the single code {@code UNAUTHORIZED} (OWASP ASVS 16.5.1). */
        public Builder minimalDisclosure(boolean enabled) {
            this.minimalDisclosure = enabled;
            return this;
        }

        /**
         * The public scheme and authority clients sign, such as {@code https://api.example.com},
         * when the server sits behind a proxy that rewrites them.
         */
        public Builder publicBaseUrl(String url) {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
                throw new IllegalArgumentException("public base URL must be scheme://host[:port], got '" + url + "'");
            }
            this.publicBaseUrl = uri;
            return this;
        }

        /**
         * Refuse signed requests whose {@code Host} is not one of these ({@code host} or
         * {@code host:port}, as clients send it), so a request signed for another host fails.
         */
        public Builder allowedHosts(Collection<String> hosts) {
            this.allowedHosts = hosts.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
            return this;
        }

        /** @throws IllegalArgumentException for a missing store or a bad setting, named */
        public Qiuth build() {
            if (keyStore == null) {
                throw new IllegalArgumentException("a key store (or keys) is required");
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock is required");
            }
            if (trustedProxies == null) {
                trustedProxies = TrustedProxies.none();
            }
            if (realm == null || realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("realm must be printable ASCII without quotes or backslashes");
            }
            if (maxBodyBytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + maxBodyBytes);
            }
            if (replayGuard == null) {
                replayGuard = new InMemoryReplayGuard();
            }
            if (rateLimiter == null) {
                rateLimiter = new InMemoryRateLimiter();
            }
            return new Qiuth(this);
        }
    }
}
