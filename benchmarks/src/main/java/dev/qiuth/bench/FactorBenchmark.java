package dev.qiuth.bench;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.ip.IpAddress;
import dev.qiuth.ip.IpAllowlist;
import dev.qiuth.replay.InMemoryReplayGuard;
import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.totp.TotpConfig;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Each factor alone, through the core's public classes, as the engine calls them for one
 * request. Compare each with its raw JDK crypto in {@link JdkCryptoBenchmark}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FactorBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FactorBenchmark {
    private InMemoryKeyStore store;
    private String apiKey;
    private IpAllowlist allowlist;
    private TotpConfig totp;
    private String totpCode;
    private Instant now;
    private HmacConfig hmac;
    private CertificateConfig certificate;
    private byte[] canonical;
    private String hmacSignature;
    private String rsaSignature;
    // read from fields, not constants, so that the JIT cannot fold the parse away
    private String peerV4;
    private String peerV6;

    @Setup(Level.Trial)
    public void setUp() {
        KeyPolicy hmacPolicy = Fixtures.hmacPolicy();
        KeyPolicy rsaPolicy = Fixtures.rsaPolicy();
        store = Fixtures.store(hmacPolicy);
        apiKey = Fixtures.HMAC_API_KEY;
        peerV4 = Fixtures.PEER_V4;
        peerV6 = Fixtures.PEER_V6;
        allowlist = hmacPolicy.ipAllowlist().orElseThrow();
        totp = hmacPolicy.totp().orElseThrow();
        now = Fixtures.SIGNED_AT;
        totpCode = totp.codeAt(now);
        hmac = hmacPolicy.hmac().orElseThrow();
        certificate = rsaPolicy.certificate().orElseThrow();
        canonical = Fixtures.canonical(0);
        String url = Fixtures.url(Fixtures.query(0));
        hmacSignature = Fixtures.hmacSigner().sign(Fixtures.METHOD, url, Fixtures.BODY)
                .get(QiuthHeaders.HMAC_SIGNATURE);
        rsaSignature = Fixtures.rsaSigner().sign(Fixtures.METHOD, url, Fixtures.BODY).get(QiuthHeaders.SIGNATURE);
    }

    /** Hash the presented key, find it among 1,001 keys, compare the hashes in constant time. */
    @Benchmark
    public boolean keyLookup() {
        ApiKeyHash hash = ApiKeyHash.of(apiKey);
        Optional<KeyPolicy> found = store.findByHash(hash);
        return found.isPresent() && found.get().keyHash().matches(hash);
    }

    /** Parse the peer address and check it against six networks; it matches the last IPv4 one. */
    @Benchmark
    public boolean ipAllowlistV4() {
        return allowlist.allows(IpAddress.tryParsePeer(peerV4));
    }

    /** Parse the peer address and check it against six networks; it matches the last IPv6 one. */
    @Benchmark
    public boolean ipAllowlistV6() {
        return allowlist.allows(IpAddress.tryParsePeer(peerV6));
    }

    /** Window 1: three HMAC-SHA1 codes, all computed whatever matches; the matched counter. */
    @Benchmark
    public long totpVerify() {
        return totp.verify(totpCode, now);
    }

    /** Decode 64 hex chars, HMAC-SHA256 the canonical request, compare in constant time. */
    @Benchmark
    public boolean hmacVerify() {
        return hmac.verifies(canonical, hmacSignature);
    }

    /** Decode base64, verify SHA256withRSA with the key's RSA-2048 public key. */
    @Benchmark
    public boolean rsaVerify() {
        return certificate.verifies(canonical, rsaSignature);
    }

    /** Insert a new fingerprint into a guard that grows to 256 entries, as in the pipeline benchmarks. */
    @Benchmark
    public boolean replayGuardInsert(SmallReplayGuard guard) {
        return guard.insertNext();
    }

    /**
     * Insert a new fingerprint into a guard that grows to 262,144 entries, closer to a busy server's:
     * its map leaves the caches and its entries live through young collections.
     */
    @Benchmark
    public boolean replayGuardInsertLarge(LargeReplayGuard guard) {
        return guard.insertNext();
    }

    /**
     * A busy server's steady state: a default guard holding 1,000,000 live fingerprints, where
     * each insert retires the oldest one (its window ends as the clock moves on by one tick).
     */
    @Benchmark
    public boolean replayGuardInsertFull(FullReplayGuard guard) {
        return guard.insertNext();
    }

    /** A default guard kept at {@link #HELD} live entries: every insert retires the oldest. */
    @State(Scope.Thread)
    public static class FullReplayGuard {
        static final int HELD = 1_000_000;
        private final byte[] fingerprint = new byte[32];
        private final InMemoryReplayGuard guard = new InMemoryReplayGuard();
        private long tick;

        @Setup(Level.Trial)
        public void setUp() {
            new SplittableRandom(20261203).nextBytes(fingerprint);
            while (tick < HELD) {
                insertNext();
            }
        }

        boolean insertNext() {
            long t = tick++;
            for (int i = 0; i < 8; i++) {
                fingerprint[i] = (byte) (t >>> (8 * i));
            }
            // the window of the entry inserted HELD ticks ago ends now
            return guard.firstUse(fingerprint, Instant.ofEpochMilli(t + HELD), Instant.ofEpochMilli(t + 1));
        }
    }

    /**
     * New fingerprints into a default {@link InMemoryReplayGuard}, which is replaced by an empty
     * one after {@link #entries()} inserts so that it never fills.
     */
    abstract static class ReplayGuardState {
        private final byte[] fingerprint = new byte[32];
        private final Instant now = Fixtures.SIGNED_AT;
        private final Instant until = Fixtures.SIGNED_AT.plusSeconds(300);
        private InMemoryReplayGuard guard;
        private int inserted;
        private long counter;

        abstract int entries();

        @Setup(Level.Trial)
        public void setUp() {
            // a SHA-256 output looks random; the counter written into it keeps every one distinct
            new SplittableRandom(20261123).nextBytes(fingerprint);
            guard = new InMemoryReplayGuard();
        }

        boolean insertNext() {
            if (inserted == entries()) {
                guard = new InMemoryReplayGuard();
                inserted = 0;
            }
            inserted++;
            long c = counter++;
            for (int i = 0; i < 8; i++) {
                fingerprint[i] = (byte) (c >>> (8 * i));
            }
            return guard.firstUse(fingerprint, until, now);
        }
    }

    /** As many entries as a pipeline benchmark's ring. */
    @State(Scope.Thread)
    public static class SmallReplayGuard extends ReplayGuardState {
        @Override
        int entries() {
            return PipelineBenchmark.HmacPath.RING;
        }
    }

    /** Enough entries (about 40 MB of map) that most inserts miss the CPU caches, as in a busy server. */
    @State(Scope.Thread)
    public static class LargeReplayGuard extends ReplayGuardState {
        @Override
        int entries() {
            return 262_144;
        }
    }
}
