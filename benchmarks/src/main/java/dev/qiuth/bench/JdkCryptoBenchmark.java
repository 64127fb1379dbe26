package dev.qiuth.bench;

import dev.qiuth.crypto.Sha256;
import dev.qiuth.signature.Pem;
import dev.qiuth.totp.Base32;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
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
 * The floor: the JDK's own crypto for the work one request needs, with every object made
 * beforehand, over the same bytes the pipeline benchmarks sign. The engine's cost is read as a
 * ratio to these numbers, measured in the same run.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JdkCryptoBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdkCryptoBenchmark {
    private Signature rsaVerifier;
    private byte[] canonical;
    private byte[] rsaSignature;
    private Mac hmacSha256;
    private Mac hmacSha1;
    private byte[] totpCounter;
    private MessageDigest sha256;
    private byte[] key32;
    private byte[] body;
    private byte[] replayInput;
    private byte[] left32;
    private byte[] right32;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        canonical = Fixtures.canonical(0);

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(Pem.parsePrivateKey(Fixtures.rsaKeyPair().privateKeyPem()));
        signer.update(canonical);
        rsaSignature = signer.sign();
        rsaVerifier = Signature.getInstance("SHA256withRSA");
        rsaVerifier.initVerify(Pem.parsePublicKey(Fixtures.rsaKeyPair().publicKeyPem()));

        hmacSha256 = Mac.getInstance("HmacSHA256");
        hmacSha256.init(new SecretKeySpec(Fixtures.HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        hmacSha1 = Mac.getInstance("HmacSHA1");
        hmacSha1.init(new SecretKeySpec(Base32.decode(Fixtures.TOTP_SECRET), "HmacSHA1"));
        long counter = Fixtures.SIGNED_AT.getEpochSecond() / 30;
        totpCounter = new byte[8];
        for (int i = 0; i < 8; i++) {
            totpCounter[i] = (byte) (counter >>> (56 - 8 * i));
        }

        sha256 = MessageDigest.getInstance("SHA-256");
        key32 = Arrays.copyOf(Fixtures.HMAC_API_KEY.getBytes(StandardCharsets.UTF_8), 32);
        body = Fixtures.BODY.clone();
        // what the engine hashes into a replay fingerprint: domain, key hash, canonical request,
        // each behind a 4-byte length
        replayInput = new byte[3 * 4 + "qiuth/v1/request".length() + 32 + canonical.length];
        left32 = Sha256.digest(key32);
        right32 = left32.clone();
    }

    /** RSA-2048 SHA256withRSA verify of the canonical request; the verifier is initialized once. */
    @Benchmark
    public boolean rsaVerify() throws SignatureException {
        rsaVerifier.update(canonical);
        return rsaVerifier.verify(rsaSignature);
    }

    /** HmacSHA256 over the canonical request, key set once: the HMAC factor's crypto. */
    @Benchmark
    public byte[] hmacSha256() {
        return hmacSha256.doFinal(canonical);
    }

    /** HmacSHA1 over an 8-byte counter, key set once: one TOTP code. */
    @Benchmark
    public byte[] hmacSha1TotpCode() {
        return hmacSha1.doFinal(totpCounter);
    }

    /** SHA-256 of 32 bytes: hashing a presented API key. */
    @Benchmark
    public byte[] sha256Key() {
        return sha256.digest(key32);
    }

    /** SHA-256 of the request body (90 bytes): the canonical request's body hash. */
    @Benchmark
    public byte[] sha256Body() {
        return sha256.digest(body);
    }

    /** SHA-256 of as many bytes as a replay fingerprint covers. */
    @Benchmark
    public byte[] sha256ReplayInput() {
        return sha256.digest(replayInput);
    }

    /** Constant-time comparison of two equal 32-byte values. */
    @Benchmark
    public boolean isEqual32() {
        return MessageDigest.isEqual(left32, right32);
    }
}
