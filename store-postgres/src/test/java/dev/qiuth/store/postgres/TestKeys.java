package dev.qiuth.store.postgres;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Fresh credentials for each test: random, so a search of the logs for them means something. */
final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static KeyPair rsa;

    private TestKeys() {
    }

    static String apiKey() {
        return "qk_test_" + token(32);
    }

    /** 32 base32 characters: a 160-bit TOTP secret. */
    static String totpSecret() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            s.append(BASE32.charAt(RANDOM.nextInt(32)));
        }
        return s.toString();
    }

    static String hmacSecret() {
        return "hs_" + token(40);
    }

    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** One RSA-2048 pair for the run (generating one takes a while). */
    static synchronized KeyPair rsa() {
        if (rsa == null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                rsa = g.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return rsa;
    }

    static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
