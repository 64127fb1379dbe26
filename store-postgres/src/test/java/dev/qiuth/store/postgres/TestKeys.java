package dev.qiuth.store.postgres;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fresh credentials for each test: random, so a search of the logs for them means something. */
final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static KeyPair rsa;

    private TestKeys() {
    }

    private static final List<String> ISSUED = new CopyOnWriteArrayList<>();

    /** Every secret handed out so far in this run: none may appear in a log line. */
    static List<String> issued() {
        return List.copyOf(ISSUED);
    }

    private static String issue(String secret) {
        ISSUED.add(secret);
        return secret;
    }

    static String apiKey() {
        return issue("qk_test_" + token(32));
    }

    static String masterKey() {
        return issue(MasterKey.generate());
    }

    /** 32 base32 characters: a 160-bit TOTP secret. */
    static String totpSecret() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            s.append(BASE32.charAt(RANDOM.nextInt(32)));
        }
        return issue(s.toString());
    }

    static String hmacSecret() {
        return issue("hs_" + token(40));
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
