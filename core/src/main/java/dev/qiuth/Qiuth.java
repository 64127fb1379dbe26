package dev.qiuth;

import dev.qiuth.crypto.Sha256;
import dev.qiuth.ip.IpAddress;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.InMemoryRateLimiter;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.ratelimit.RateLimiter;
import dev.qiuth.replay.InMemoryReplayGuard;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.signature.CanonicalRequest;
import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.signature.TimestampWindow;
import dev.qiuth.store.AsyncKeyStore;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.totp.TotpConfig;
import dev.qiuth.totp.TotpVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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
    private static final String API_KEY = RequestSigner.API_KEY.toLowerCase(Locale.ROOT);
    private static final String TOTP_TOKEN = RequestSigner.TOTP_TOKEN.toLowerCase(Locale.ROOT);
    private static final String TIMESTAMP = RequestSigner.TIMESTAMP.toLowerCase(Locale.ROOT);
    private static final String SIGNATURE = RequestSigner.SIGNATURE.toLowerCase(Locale.ROOT);
    private static final String HMAC_SIGNATURE = RequestSigner.HMAC_SIGNATURE.toLowerCase(Locale.ROOT);
    private static final String X_FORWARDED_FOR = "x-forwarded-for";
    private static final String FORWARDED = "forwarded";
    private static final String X_FORWARDED_PROTO = "x-forwarded-proto";
    private static final String X_FORWARDED_HOST = "x-forwarded-host";

    private static final byte[] REQUEST_DOMAIN = "qiuth/v1/request".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOTP_DOMAIN = "qiuth/v1/totp".getBytes(StandardCharsets.UTF_8);

    private final KeyStore keyStore;
    private final AsyncKeyStore asyncKeyStore;
    private final ReplayGuard replayGuard;
    private final RateLimiter rateLimiter;
    private final RateLimit failureLimit;
    private final TrustedProxies trustedProxies;
    private final Clock clock;
    private final String realm;
    private final int maxBodyBytes;
    private final boolean apiKeyInQuery;
    private final boolean minimalDisclosure;
    private final URI publicBaseUrl;
    private final Set<String> allowedHosts;
    private final DecisionListener listener;
    private final AuditLog audit = new AuditLog();

    private Qiuth(Builder b) {
        this.keyStore = b.keyStore;
        this.asyncKeyStore = b.asyncKeyStore;
        this.replayGuard = b.replayGuard;
        this.rateLimiter = b.rateLimiter;
        this.failureLimit = b.failureLimit;
        this.trustedProxies = b.trustedProxies;
        this.clock = b.clock;
        this.realm = b.realm;
        this.maxBodyBytes = b.maxBodyBytes;
        this.apiKeyInQuery = b.apiKeyInQuery;
        this.minimalDisclosure = b.minimalDisclosure;
        this.publicBaseUrl = b.publicBaseUrl;
        this.allowedHosts = b.allowedHosts;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The largest body an adapter should buffer; larger requests get {@link #bodyTooLarge}. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Judges a request, blocking on the key store if it blocks. Never throws.
     */
    public Decision authenticate(RequestView request) {
        long start = System.nanoTime();
        Attempt attempt = new Attempt(request);
        Decision decision;
        try {
            Decision early = begin(attempt);
            decision = early != null ? early : judge(attempt, keyStore.findByHash(attempt.hash));
        } catch (RuntimeException e) {
            decision = failure(attempt, e);
        }
        return told(decision, start);
    }

    /**
     * Judges a request with the asynchronous key store, so an event loop is never blocked by a
     * lookup. The stage never completes exceptionally.
     */
    public CompletionStage<Decision> authenticateAsync(RequestView request) {
        long start = System.nanoTime();
        Attempt attempt = new Attempt(request);
        try {
            Decision early = begin(attempt);
            if (early != null) {
                return CompletableFuture.completedFuture(told(early, start));
            }
            return asyncKeyStore.findByHashAsync(attempt.hash).handle((policy, error) -> {
                Decision decision;
                try {
                    decision = error != null ? failure(attempt, error) : judge(attempt, policy);
                } catch (RuntimeException e) {
                    decision = failure(attempt, e);
                }
                return told(decision, start);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(told(failure(attempt, e), start));
        }
    }

    /** Tells the listener; its failure is logged and changes nothing. */
    private Decision told(Decision decision, long start) {
        try {
            listener.onDecision(decision, System.nanoTime() - start);
        } catch (RuntimeException e) {
            audit.listenerFailed(e, decision.correlationId());
        }
        return decision;
    }

    /** The 413 answer for a body over {@link #maxBodyBytes()}. */
    public Decision.Denied bodyTooLarge(RequestView request) {
        return refuseUnjudged(request, ErrorCode.BODY_TOO_LARGE, "body over " + maxBodyBytes + " bytes");
    }

    /**
     * The 503 {@code UNAVAILABLE} answer for a request the adapter could not have judged (its
     * worker pool refused the task, say): fail closed with the usual problem+json.
     */
    public Decision.Denied unavailable(RequestView request) {
        return refuseUnjudged(request, ErrorCode.UNAVAILABLE, "the adapter could not run the check");
    }

    /** The 413 answer when the request could not even be viewed (its body was cut off). */
    public Decision.Denied bodyTooLarge(String method, String rawPath, String remoteAddress) {
        return bodyTooLarge(RequestView.builder().method(method).rawPath(rawPath).remoteAddress(remoteAddress).build());
    }

    /**
     * The 400 {@code MALFORMED_REQUEST} answer for a body the adapter could not read (a broken
     * chunk, a connection that ended early): a clear refusal instead of the container's 500.
     */
    public Decision.Denied malformedBody(String method, String rawPath, String remoteAddress) {
        return refuseUnjudged(RequestView.builder().method(method).rawPath(rawPath).remoteAddress(remoteAddress).build(),
                ErrorCode.MALFORMED_REQUEST, "body unreadable");
    }

    /** A refusal for a request the checks never ran on, audited like every other. */
    private Decision.Denied refuseUnjudged(RequestView request, ErrorCode reason, String detail) {
        Attempt attempt = new Attempt(request);
        attempt.resolveClient();
        return deny(attempt, reason, detail, 0);
    }

    // ---------------------------------------------------------------- the checks

    /** What is known of one request as it goes through the checks. */
    private final class Attempt {
        final RequestView request;
        final Instant now;
        final String correlationId = CorrelationIds.next();
        IpAddress peer;
        IpAddress clientAddress;
        String failureBucket;
        ApiKeyHash hash;
        KeyPolicy policy;
        long totpCounter = TotpVerifier.NO_MATCH;
        long timestamp = -1;
        byte[] canonical;
        byte[] acceptedMac;
        Duration longestAge = Duration.ZERO;

        Attempt(RequestView request) {
            this.request = request;
            this.now = clock.instant();
        }

        void resolveClient() {
            Headers h = request.headers();
            peer = IpAddress.tryParsePeer(request.remoteAddress());
            clientAddress = trustedProxies.clientAddress(peer, h.all(X_FORWARDED_FOR), h.all(FORWARDED));
        }
    }

    /** Checks that need no key lookup; a denial, or null to go on. */
    private Decision begin(Attempt a) {
        a.resolveClient();
        if (failureLimit != null) {
            a.failureBucket = "fail:" + (a.clientAddress == null ? "unknown" : a.clientAddress.toString());
            long wait = rateLimiter.blockedFor(a.failureBucket, failureLimit, a.now);
            if (wait > 0) {
                return deny(a, ErrorCode.RATE_LIMITED, "too many failed attempts from this client", wait);
            }
        }
        List<String> keys = a.request.headers().all(API_KEY);
        if (keys.isEmpty() && apiKeyInQuery) {
            keys = QueryParameter.values(a.request.rawQuery(), "api_key");
        }
        if (keys.isEmpty() || keys.get(0).isEmpty()) {
            return deny(a, ErrorCode.MISSING_API_KEY, "no API key", 0);
        }
        if (keys.size() > 1) {
            return deny(a, ErrorCode.INVALID_API_KEY, "API key sent more than once", 0);
        }
        String apiKey = keys.get(0);
        if (apiKey.length() > MAX_API_KEY_LENGTH) {
            return deny(a, ErrorCode.INVALID_API_KEY, "API key longer than " + MAX_API_KEY_LENGTH, 0);
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
            buildCanonical(a);
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
        audit.granted(a.request, a.clientAddress, p, a.correlationId);
        return new Decision.Granted(p.principal(), a.correlationId);
    }

    private Decision checkKey(Attempt a, KeyPolicy p) {
        if (p == null || !p.keyHash().matches(a.hash)) {
            return deny(a, ErrorCode.INVALID_API_KEY, "unknown key " + a.hash.shortId(), 0);
        }
        a.policy = p;
        if (!p.activeAt(a.now)) {
            return deny(a, ErrorCode.INVALID_API_KEY, p.revoked() ? "key revoked" : "key expired", 0);
        }
        return null;
    }

    private Decision checkAddress(Attempt a, KeyPolicy p) {
        TrustedProxies own = p.trustedProxiesOrNull();
        Headers h = a.request.headers();
        IpAddress client = own == null ? a.clientAddress
                : own.clientAddress(a.peer, h.all(X_FORWARDED_FOR), h.all(FORWARDED));
        if (!p.ipAllowlistOrNull().allows(client)) {
            return deny(a, ErrorCode.IP_NOT_ALLOWED, "client address not in allowlist", 0);
        }
        return null;
    }

    private Decision checkTotp(Attempt a, TotpConfig totp) {
        List<String> codes = a.request.headers().all(TOTP_TOKEN);
        if (codes.isEmpty()) {
            return deny(a, ErrorCode.MISSING_TOTP_TOKEN, "no TOTP code", 0);
        }
        a.totpCounter = codes.size() == 1 ? totp.verify(codes.get(0), a.now) : TotpVerifier.NO_MATCH;
        if (a.totpCounter == TotpVerifier.NO_MATCH) {
            return deny(a, ErrorCode.INVALID_TOTP_TOKEN, "TOTP code does not match", 0);
        }
        return null;
    }

    /** The timestamp and the canonical request both signatures cover; null canonical when the Host is refused. */
    private void buildCanonical(Attempt a) {
        RequestView r = a.request;
        a.timestamp = TimestampWindow.parse(single(r.headers(), TIMESTAMP));
        String scheme;
        String authority;
        if (publicBaseUrl != null) {
            scheme = publicBaseUrl.getScheme();
            authority = publicBaseUrl.getRawAuthority();
        } else {
            scheme = r.scheme();
            authority = r.port() >= 0 ? r.host() + ":" + r.port() : r.host();
            if (trustedProxies.trusts(a.peer)) {
                String proto = lastValue(r.headers().all(X_FORWARDED_PROTO));
                if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                    scheme = proto.toLowerCase(Locale.ROOT);
                }
            }
            // the host only from a proxy known by address: one hop would let any client name a host
            if (trustedProxies.isListedProxy(a.peer)) {
                String host = lastValue(r.headers().all(X_FORWARDED_HOST));
                if (host != null && !host.isEmpty()) {
                    authority = host;
                }
            }
            if (!allowedHosts.isEmpty() && !allowedHosts.contains(authority.toLowerCase(Locale.ROOT))) {
                return; // no canonical request: the signature checks refuse it
            }
        }
        a.canonical = CanonicalRequest.bytes(r.method(), scheme, authority, r.rawPath(), r.rawQuery(), a.timestamp, r.body());
    }

    private Decision checkCertificate(Attempt a, CertificateConfig cert) {
        String sig = single(a.request.headers(), SIGNATURE);
        if (sig == null) {
            return deny(a, ErrorCode.MISSING_SIGNATURE, "no X-Signature", 0);
        }
        Decision late = checkTimestamp(a, a.timestamp, cert.maxAge());
        if (late != null) {
            return late;
        }
        if (a.canonical == null || !cert.verifies(a.canonical, sig)) {
            return deny(a, ErrorCode.INVALID_SIGNATURE,
                    a.canonical == null ? "Host not accepted" : "RSA signature does not verify", 0);
        }
        a.longestAge = cert.maxAge();
        return null;
    }

    private Decision checkHmac(Attempt a, HmacConfig hmac) {
        String sig = single(a.request.headers(), HMAC_SIGNATURE);
        if (sig == null) {
            return deny(a, ErrorCode.MISSING_HMAC, "no X-HMAC-Signature", 0);
        }
        Decision late = checkTimestamp(a, a.timestamp, hmac.maxAge());
        if (late != null) {
            return late;
        }
        a.acceptedMac = a.canonical == null ? null : hmac.verifiedMac(a.canonical, sig);
        if (a.acceptedMac == null) {
            return deny(a, ErrorCode.INVALID_HMAC, a.canonical == null ? "Host not accepted" : "HMAC does not verify", 0);
        }
        if (hmac.maxAge().compareTo(a.longestAge) > 0) {
            a.longestAge = hmac.maxAge();
        }
        return null;
    }

    /**
     * A signed request is remembered until its timestamp leaves the window, and refused a second
     * time. With an accepted HMAC its fingerprint is the MAC XOR the key's hash: the MAC already
     * stands for the canonical request and is uniformly random, so the XOR is as unique as a digest
     * of both (keys may share a secret) without hashing again. Otherwise it is a digest of key and
     * canonical request.
     */
    private Decision checkReplay(Attempt a) {
        byte[] keyHash = a.policy.keyHash().bytes();
        byte[] fingerprint;
        if (a.acceptedMac != null) {
            fingerprint = a.acceptedMac; // ours: computed by the engine for this request only
            for (int i = 0; i < fingerprint.length; i++) {
                fingerprint[i] ^= keyHash[i];
            }
        } else {
            fingerprint = Sha256.digestParts(REQUEST_DOMAIN, keyHash, a.canonical);
        }
        Instant until = Instant.ofEpochMilli(a.timestamp + a.longestAge.toMillis());
        if (!replayGuard.firstUse(fingerprint, until, a.now)) {
            return deny(a, ErrorCode.REPLAYED_REQUEST, "signed request seen before", 0);
        }
        return null;
    }

    private Decision useTotpOnce(Attempt a, TotpConfig totp) {
        byte[] fingerprint = Sha256.digestParts(TOTP_DOMAIN, a.policy.keyHash().bytes(),
                Long.toString(a.totpCounter).getBytes(StandardCharsets.US_ASCII));
        Instant until = Instant.ofEpochMilli((a.totpCounter + totp.window() + 1) * totp.step().toMillis());
        if (!replayGuard.firstUse(fingerprint, until, a.now)) {
            return deny(a, ErrorCode.INVALID_TOTP_TOKEN, "TOTP code already used", 0);
        }
        return null;
    }

    private Decision checkKeyRate(Attempt a, RateLimit limit) {
        long wait = rateLimiter.acquire("key:" + a.policy.id(), limit, a.now);
        if (wait > 0) {
            return deny(a, ErrorCode.RATE_LIMITED, "key over its request rate", wait);
        }
        return null;
    }

    private Decision checkTimestamp(Attempt a, long timestamp, Duration maxAge) {
        switch (TimestampWindow.check(timestamp, a.now.toEpochMilli(), maxAge)) {
            case EXPIRED:
                return deny(a, ErrorCode.EXPIRED_TIMESTAMP, timestamp < 0 ? "timestamp missing or malformed"
                        : "timestamp older than " + maxAge.toSeconds() + "s", 0);
            case FUTURE:
                return deny(a, ErrorCode.FUTURE_TIMESTAMP, "timestamp more than "
                        + TimestampWindow.FUTURE_SKEW.toSeconds() + "s ahead", 0);
            default:
                return null;
        }
    }

    private static String lastValue(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String joined = values.get(values.size() - 1);
        int comma = joined.lastIndexOf(',');
        return (comma >= 0 ? joined.substring(comma + 1) : joined).trim();
    }

    /** The header's value when sent exactly once; null when absent or repeated. */
    private static String single(Headers h, String name) {
        List<String> values = h.all(name);
        return values.size() == 1 ? values.get(0) : null;
    }

    private Decision.Denied failure(Attempt a, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof StoreUnavailableException) {
            // not the store's message: a driver's may quote a connection string, and the detail is logged
            return deny(a, ErrorCode.UNAVAILABLE, "store unavailable", 0);
        }
        audit.unexpected(cause, a.correlationId);
        return deny(a, ErrorCode.UNAVAILABLE, "unexpected " + cause.getClass().getName(), 0);
    }

    private Decision.Denied deny(Attempt a, ErrorCode reason, String detail, long retryAfter) {
        ErrorCode shown = minimalDisclosure && reason.status() == 401 ? ErrorCode.UNAUTHORIZED : reason;
        DenialResponse response = ProblemJson.render(shown, a.correlationId, realm, retryAfter);
        if (a.failureBucket != null && (reason.status() == 401 || reason.status() == 403)) {
            try {
                rateLimiter.acquire(a.failureBucket, failureLimit, a.now);
            } catch (StoreUnavailableException e) {
                audit.failureNotCounted(a.correlationId);
            } catch (RuntimeException e) {
                audit.unexpected(e, a.correlationId);
            }
        }
        audit.denied(a.request, a.clientAddress, a.policy, a.hash, reason, detail, a.correlationId);
        return new Decision.Denied(shown, reason, detail, response, a.correlationId);
    }

    // ---------------------------------------------------------------- configuration

    /** Configures a {@link Qiuth}; a key store (or {@link #keys}) is required. */
    public static final class Builder {
        private KeyStore keyStore;
        private AsyncKeyStore asyncKeyStore;
        private ReplayGuard replayGuard;
        private RateLimiter rateLimiter;
        private RateLimit failureLimit;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private Clock clock = Clock.systemUTC();
        private String realm = "api";
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean apiKeyInQuery;
        private boolean minimalDisclosure;
        private URI publicBaseUrl;
        private Set<String> allowedHosts = Set.of();
        private DecisionListener listener = DecisionListener.none();

        private Builder() {
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
            this.asyncKeyStore = store instanceof AsyncKeyStore async ? async : AsyncKeyStore.direct(store);
            return this;
        }

        /** A blocking key store whose async lookups run on {@code blockingExecutor}. */
        public Builder keyStore(KeyStore store, Executor blockingExecutor) {
            this.keyStore = store;
            this.asyncKeyStore = AsyncKeyStore.offload(store, blockingExecutor);
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
