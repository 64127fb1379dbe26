package dev.qiuth.generate;

import dev.qiuth.crypto.Hex;
import dev.qiuth.signature.Pem;
import dev.qiuth.totp.Base32;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes new credentials in the protocol's formats.
 *
 * <pre>{@code
 * CredentialGenerator gen = new CredentialGenerator();
 * String key = gen.apiKey("sk_live_");       // sk_live_ + 43 base64url chars
 * String totp = gen.totpSecret();             // 32 base32 chars (20 bytes)
 * String hmac = gen.hmacSecret();             // 64 hex chars (32 bytes)
 * PemKeyPair rsa = gen.rsaKeyPair(2048);
 * }</pre>
 */
public final class CredentialGenerator {
    private final SecureRandom random;

    public CredentialGenerator() {
        this(new SecureRandom());
    }

    public CredentialGenerator(SecureRandom random) {
        this.random = random;
    }

    /** 32 random bytes, base64url without padding, after an optional prefix such as {@code sk_live_}. */
    public String apiKey(String prefix) {
        return (prefix == null ? "" : prefix) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    public String apiKey() {
        return apiKey("");
    }

    /** 20 random bytes, base32 without padding. */
    public String totpSecret() {
        return Base32.encode(bytes(20));
    }

    /** 32 random bytes as 64 lowercase hex characters (used as text, not decoded). */
    public String hmacSecret() {
        return Hex.encode(bytes(32));
    }

    /** An RSA key pair as PEM: SPKI public, PKCS#8 private. */
    public PemKeyPair rsaKeyPair(int bits) {
        if (bits < 2048) {
            throw new IllegalArgumentException("RSA keys must have at least 2048 bits, got " + bits);
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, random);
            KeyPair pair = g.generateKeyPair();
            return new PemKeyPair(Pem.encodePublicKey(pair.getPublic()), Pem.encodePrivateKey(pair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A public and private key in PEM; {@link #toString()} leaves the private key out. */
    public record PemKeyPair(String publicKeyPem, String privateKeyPem) {
        @Override
        public String toString() {
            return "PemKeyPair[publicKeyPem=" + publicKeyPem.length() + " chars, privateKeyPem=<redacted>]";
        }
    }
}
