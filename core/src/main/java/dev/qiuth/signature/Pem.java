package dev.qiuth.signature;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys in PEM: public keys as SPKI ({@code BEGIN PUBLIC KEY}), private keys as PKCS#8
 * ({@code BEGIN PRIVATE KEY}). A PEM may arrive with real newlines or with literal {@code \n}
 * escapes, as environment files carry it.
 */
public final class Pem {
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private Pem() {
    }

    /**
     * Parses an RSA public key.
     *
     * @throws IllegalArgumentException when it is not an SPKI RSA public key PEM (the key itself is
     *                                  not secret, but the message still does not repeat it)
     */
    public static RSAPublicKey parsePublicKey(String pem) {
        byte[] der = body(pem, PUBLIC);
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            RSAPublicKey rsa = (RSAPublicKey) key;
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("RSA public key is " + rsa.getModulus().bitLength()
                        + " bits; at least 2048 are required");
            }
            return rsa;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("PEM public key is not an RSA SPKI key");
        }
    }

    /**
     * Parses an RSA private key.
     *
     * @throws IllegalArgumentException when it is not a PKCS#8 RSA private key PEM; the message
     *                                  never contains the key
     */
    public static PrivateKey parsePrivateKey(String pem) {
        byte[] der = body(pem, PRIVATE);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("PEM private key is not an RSA PKCS#8 key");
        }
    }

    /** Writes a public key as SPKI PEM. */
    public static String encodePublicKey(PublicKey key) {
        return encode(PUBLIC, key);
    }

    /** Writes a private key as PKCS#8 PEM. */
    public static String encodePrivateKey(PrivateKey key) {
        return encode(PRIVATE, key);
    }

    private static String encode(String label, Key key) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

    private static byte[] body(String pem, String label) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("PEM " + label.toLowerCase() + " is empty");
        }
        String text = pem.replace("\\n", "\n").replace("\r", "").trim();
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            if (text.contains("-----BEGIN RSA ")) {
                throw new IllegalArgumentException("PEM is PKCS#1 (BEGIN RSA ...); convert it to "
                        + (label.equals(PUBLIC) ? "SPKI (BEGIN PUBLIC KEY)" : "PKCS#8 (BEGIN PRIVATE KEY)")
                        + " with 'openssl pkey'");
            }
            throw new IllegalArgumentException("PEM has no '" + begin + "' ... '" + end + "' block");
        }
        String base64 = text.substring(b + begin.length(), e).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("PEM " + label.toLowerCase() + " body is not base64");
        }
    }
}
