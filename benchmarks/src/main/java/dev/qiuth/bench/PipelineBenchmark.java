package dev.qiuth.bench;

import dev.qiuth.Decision;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.RequestView;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.InMemoryKeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request through {@link Qiuth#authenticate}: what an adapter pays per request, from a
 * built {@link RequestView} to a {@link Decision.Granted}. Engines are built with the defaults
 * (in-memory replay guard and rate limiter, no failure limit, no trusted proxy) over an
 * in-memory store of 1,001 keys. Run with {@code -prof gc} for the allocation per request.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PipelineBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {

    /** A key with no factor beyond itself; nothing is signed, so one request serves every call. */
    @State(Scope.Thread)
    public static class KeyOnly {
        BenchmarkClock clock;
        Qiuth engine;
        RequestView request;

        @Setup(Level.Trial)
        public void setUp() {
            clock = new BenchmarkClock(Fixtures.SIGNED_AT);
            engine = Qiuth.builder().keyStore(Fixtures.store(Fixtures.keyOnlyPolicy())).clock(clock).build();
            request = Fixtures.request(Fixtures.query(0), Map.of(QiuthHeaders.API_KEY, Fixtures.KEY_ONLY_API_KEY),
                    Fixtures.PEER_V4);
        }

        @TearDown(Level.Iteration)
        public void checkStillGranted() {
            Fixtures.requireGranted(engine.authenticate(request), "the key-only request");
        }
    }

    /** Signed requests in a ring, and a probe signed alike that checks them after each iteration. */
    abstract static class SignedPath {
        BenchmarkClock clock;
        RequestRing ring;
        RequestView probe;

        void build(KeyPolicy policy, RequestSigner signer, String peer, int ringSize) {
            clock = new BenchmarkClock(Fixtures.SIGNED_AT);
            InMemoryKeyStore store = Fixtures.store(policy);
            RequestView[] requests = new RequestView[ringSize];
            for (int n = 0; n < ringSize; n++) {
                requests[n] = Fixtures.signedRequest(signer, n, peer);
            }
            probe = Fixtures.signedRequest(signer, ringSize, peer);
            ring = new RequestRing(requests, () -> Qiuth.builder().keyStore(store).clock(clock).build());
        }

        /** Each iteration starts at the signing instant, so timestamps and TOTP codes are current. */
        @Setup(Level.Iteration)
        public void restartClock() {
            clock.restart();
        }

        /**
         * The probe was signed with the ring and is judged at the iteration's end: time only moves
         * forward, so if it is still granted, every request of the iteration was.
         */
        @TearDown(Level.Iteration)
        public void checkStillGranted() {
            Fixtures.requireGranted(ring.authenticateAlone(probe), "the probe request after an iteration");
        }
    }

    /**
     * API key, IP allowlist (6 networks, v4 and v6), TOTP (window 1), HMAC-SHA256, replay guard.
     * The ring's requests (about 0.5 MB) stay in the core's caches, as a request an adapter has
     * just built does.
     */
    @State(Scope.Thread)
    public static class HmacPath extends SignedPath {
        static final int RING = 256;

        @Setup(Level.Trial)
        public void setUp() {
            build(Fixtures.hmacPolicy(), Fixtures.hmacSigner(), Fixtures.PEER_V4, RING);
        }
    }

    /**
     * The HMAC path over a ring of about 8 MB: every request comes from beyond the core's caches.
     * The difference from {@link HmacPath} is what cold request data costs, not the engine.
     */
    @State(Scope.Thread)
    public static class HmacPathColdRequests extends SignedPath {
        static final int RING = 4096;

        @Setup(Level.Trial)
        public void setUp() {
            build(Fixtures.hmacPolicy(), Fixtures.hmacSigner(), Fixtures.PEER_V4, RING);
        }
    }

    /** API key, RSA-2048 signature, replay guard. */
    @State(Scope.Thread)
    public static class RsaPath extends SignedPath {
        /** As many as the HMAC path's ring; an RSA signature costs about 1.5 ms to make. */
        static final int RING = 256;

        @Setup(Level.Trial)
        public void setUp() {
            build(Fixtures.rsaPolicy(), Fixtures.rsaSigner(), Fixtures.PEER_V4, RING);
        }
    }

    @Benchmark
    public Decision keyOnly(KeyOnly state) {
        return state.engine.authenticate(state.request);
    }

    @Benchmark
    public Decision hmacPath(HmacPath state) {
        return state.ring.authenticateNext();
    }

    @Benchmark
    public Decision hmacPathColdRequests(HmacPathColdRequests state) {
        return state.ring.authenticateNext();
    }

    @Benchmark
    public Decision rsaPath(RsaPath state) {
        return state.ring.authenticateNext();
    }
}
