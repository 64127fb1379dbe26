package dev.qiuth.bench;

import dev.qiuth.Decision;
import dev.qiuth.Factor;
import dev.qiuth.Headers;
import dev.qiuth.QiuthPrincipal;
import dev.qiuth.RequestView;
import dev.qiuth.crypto.Sha256;
import dev.qiuth.ip.IpAddress;
import dev.qiuth.signature.CanonicalRequest;
import dev.qiuth.totp.Base32;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The engine's work for one HMAC-path request that is not the crypto floor, one step at a time,
 * with the core's public classes. These numbers explain the gap between {@link PipelineBenchmark}
 * and {@link JdkCryptoBenchmark}; they are not goals. Where core changed how it does a step (core
 * commit 204785f), the old way is kept as a benchmark beside the new one, so that the saving
 * stays measurable.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EngineStepBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineStepBenchmark {
    private RequestView request;
    private Headers headers;
    private String peer;
    private long timestamp;
    private byte[] keyHash;
    private byte[] canonical;
    private byte[] requestDomain;
    private byte[] totpKey;
    private byte[] totpCounter;
    private Mac hmacSha1;
    private Mac hmacSha256;
    private SecretKeySpec hmacKey;
    private Set<Factor> factors;
    private Set<String> scopes;
    private QiuthPrincipal principal;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        request = Fixtures.signedRequest(Fixtures.hmacSigner(), 0, Fixtures.PEER_V4);
        headers = request.headers();
        peer = request.remoteAddress();
        timestamp = Fixtures.SIGNED_AT.toEpochMilli();
        keyHash = Sha256.digest(Fixtures.HMAC_API_KEY);
        canonical = Fixtures.canonical(0);
        requestDomain = "qiuth/v1/request".getBytes(StandardCharsets.UTF_8);
        totpKey = Base32.decode(Fixtures.TOTP_SECRET);
        totpCounter = new byte[8];
        hmacSha1 = Mac.getInstance("HmacSHA1");
        hmacSha256 = Mac.getInstance("HmacSHA256");
        hmacKey = new SecretKeySpec(Fixtures.HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        factors = Fixtures.hmacPolicy().factors();
        scopes = Fixtures.hmacPolicy().scopes();
        principal = new QiuthPrincipal("billing-service", "Billing service", "team-billing",
                Set.of("orders:write", "orders:read"), Map.of(), factors);
    }

    /**
     * The six header reads of an HMAC-path request with mixed-case names, as the engine passed
     * them before 204785f and as a caller passing {@code RequestSigner}'s constants still does:
     * each name is lower-cased into a new string first.
     */
    @Benchmark
    public boolean headerReads() {
        Headers h = headers;
        return h.all("X-Forwarded-For").isEmpty() & h.all("Forwarded").isEmpty() & h.all("X-API-Key").size() == 1
                & h.all("X-TOTP-Token").size() == 1 & h.all("X-Timestamp").size() == 1
                & h.all("X-HMAC-Signature").size() == 1;
    }

    /**
     * The headers of a signed request collected as an adapter does (names as a client sends them,
     * each a string of its own, as a server's parser makes them), then read as the engine reads
     * them: the framing checks and the credentials.
     */
    @Benchmark
    public boolean headersCollectedAndRead() {
        Headers.Builder b = Headers.builder();
        for (int i = 0; i < RECEIVED_NAMES.length; i++) {
            b.add(new String(RECEIVED_NAMES[i]), RECEIVED_VALUES[i]);
        }
        Headers h = b.build();
        return h.count("host") == 1 & h.all("content-length").isEmpty() & h.first("transfer-encoding") == null
                & h.all("x-forwarded-for").isEmpty() & h.all("forwarded").isEmpty() & h.all("x-api-key").size() == 1
                & h.all("x-timestamp").size() == 1 & h.all("x-hmac-signature").size() == 1;
    }

    private static final String[] RECEIVED_NAMES = {
        "Host", "User-Agent", "Accept", "X-API-Key", "X-Timestamp", "X-HMAC-Signature",
    };
    private static final String[] RECEIVED_VALUES = {
        "127.0.0.1:8080", "curl/8.5.0", "*/*", "bench-key", "1764000000000",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    };

    /**
     * The same six reads with names already in lower case, as the engine reads them now:
     * {@code toLowerCase} returns its input.
     */
    @Benchmark
    public boolean headerReadsLowerCaseNames() {
        Headers h = headers;
        return h.all("x-forwarded-for").isEmpty() & h.all("forwarded").isEmpty() & h.all("x-api-key").size() == 1
                & h.all("x-totp-token").size() == 1 & h.all("x-timestamp").size() == 1
                & h.all("x-hmac-signature").size() == 1;
    }

    /** One parse of the socket peer address (IPv4). */
    @Benchmark
    public IpAddress peerParse() {
        return IpAddress.tryParsePeer(peer);
    }

    /** The signed URL rebuilt from the view, the body hashed, the canonical request's bytes. */
    @Benchmark
    public byte[] canonicalRequest() {
        RequestView r = request;
        return CanonicalRequest.bytes(r.method(), r.url(), timestamp, r.body());
    }

    /** The replay fingerprint: SHA-256 over domain, key hash and canonical request, length-prefixed. */
    @Benchmark
    public byte[] replayFingerprint() {
        return Sha256.digestParts(requestDomain, keyHash, canonical);
    }

    /**
     * One TOTP code keyed on its own: a new key object and {@code Mac.init} for every code, the
     * counter fed a byte at a time, as core did before 204785f (it now keys once per window).
     * Compare with {@code JdkCryptoBenchmark.hmacSha1TotpCode}.
     */
    @Benchmark
    public byte[] totpCodeWithKeySetup() throws InvalidKeyException {
        Mac mac = hmacSha1;
        mac.init(new SecretKeySpec(totpKey, "HmacSHA1"));
        for (int i = 0; i < 8; i++) {
            mac.update(totpCounter[i]);
        }
        return mac.doFinal();
    }

    /**
     * The HMAC as the core computes it: {@code Mac.init} with the key on every request (one
     * {@code Mac} per thread serves every key). Compare with {@code JdkCryptoBenchmark.hmacSha256}.
     */
    @Benchmark
    public byte[] hmacWithKeySetup() throws InvalidKeyException {
        Mac mac = hmacSha256;
        mac.init(hmacKey);
        return mac.doFinal(canonical);
    }

    /**
     * A principal built per request (scopes, metadata and factors copied) and the decision, as
     * core did before 204785f; it now builds the principal once per key.
     */
    @Benchmark
    public Decision grant() {
        return new Decision.Granted(new QiuthPrincipal("hmac-path", "hmac-path", null, scopes, Map.of(),
                factors), new byte[0], "0123456789abcdef");
    }

    /**
     * What every example's {@code /api/hello} handler does with the principal: its JSON (a
     * principal with an owner and two scopes).
     */
    @Benchmark
    public String principalJson() {
        return principal.toJson();
    }
}
