package dev.qiuth.signature;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;

/**
 * A key's certificate factor: the client's RSA public key (SPKI PEM) and the oldest timestamp
 * accepted. Requests are signed with {@code SHA256withRSA} (RSASSA-PKCS1-v1_5).
 *
 * <pre>{@code
 * CertificateConfig cert = CertificateConfig.of(publicKeyPem);      // maxAge 300 s
 * boolean ok = cert.verifies(canonicalBytes, request.header("X-Signature"));
 * }</pre>
 */
public final class CertificateConfig {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(300);
    static final String ALGORITHM = "SHA256withRSA";
    private static final ThreadLocal<Signature> VERIFIER = ThreadLocal.withInitial(CertificateConfig::newSignature);

    private final RSAPublicKey publicKey;
    private final Duration maxAge;

    private CertificateConfig(RSAPublicKey publicKey, Duration maxAge) {
        this.publicKey = publicKey;
        this.maxAge = maxAge;
    }

    /**
     * @throws IllegalArgumentException for a PEM that is not an RSA SPKI key of 2048 bits or
     *                                  more, or a non-positive maxAge or one over a day
     */
    public static CertificateConfig of(String publicKeyPem, Duration maxAge) {
        RSAPublicKey key = Pem.parsePublicKey(publicKeyPem);
        TimestampWindow.requireValidMaxAge("certificate", maxAge);
        return new CertificateConfig(key, maxAge);
    }

    public static CertificateConfig of(String publicKeyPem) {
        return of(publicKeyPem, DEFAULT_MAX_AGE);
    }

    /** Whether the base64 signature is the key holder's signature of the data. */
    public boolean verifies(byte[] data, String base64Signature) {
        if (base64Signature == null || base64Signature.isEmpty() || base64Signature.length() > 2048) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(base64Signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Signature verifier = VERIFIER.get();
        try {
            verifier.initVerify(publicKey);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public Duration maxAge() {
        return maxAge;
    }

    @Override
    public String toString() {
        return "CertificateConfig[RSA-" + publicKey.getModulus().bitLength() + ", maxAge=" + maxAge.toSeconds() + "s]";
    }

    static Signature newSignature() {
        try {
            return Signature.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + ALGORITHM, e);
        }
    }
}
