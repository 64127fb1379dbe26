package dev.qiuth.testing;

import dev.qiuth.signature.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * RSA key pairs shared by the whole run (generating a 2048-bit pair costs a noticeable fraction
 * of a second). Private keys are registered with {@link TestSecrets}.
 */
public final class TestKeys {
    private TestKeys() {
    }

    /** A client's 2048-bit pair. */
    public static KeyPair client() {
        return Holder.CLIENT;
    }

    /** Another 2048-bit pair: its signatures must not verify with {@link #client()}'s key. */
    public static KeyPair other() {
        return Holder.OTHER;
    }

    public static String clientPublicPem() {
        return Pem.encodePublicKey(client().getPublic());
    }

    public static String clientPrivatePem() {
        return TestSecrets.registerPem(Pem.encodePrivateKey(client().getPrivate()));
    }

    /** A 1024-bit pair: too weak for the protocol. */
    public static KeyPair weak() {
        return Holder.WEAK;
    }

    private static final class Holder {
        static final KeyPair CLIENT = generate(2048);
        static final KeyPair OTHER = generate(2048);
        static final KeyPair WEAK = generate(1024);
    }

    private static KeyPair generate(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            KeyPair pair = g.generateKeyPair();
            TestSecrets.registerPem(Pem.encodePrivateKey(pair.getPrivate()));
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
