package dev.qiuth.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One {@code Mac} per thread for an algorithm, remembering the key it was last given: keying a
 * {@code Mac} costs two hash compressions, and a server mostly sees the same few keys, so the
 * key is set again only when it changes (compared by identity: keys are held once per policy).
 */
public final class ThreadLocalMac {
    private final String algorithm;
    private final ThreadLocal<Keyed> perThread;

    public ThreadLocalMac(String algorithm) {
        this.algorithm = algorithm;
        this.perThread = ThreadLocal.withInitial(() -> {
            try {
                return new Keyed(Mac.getInstance(algorithm));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JDK lacks " + algorithm, e);
            }
        });
    }

    /** This thread's {@code Mac}, keyed with {@code key} and holding no data. */
    public Mac keyedWith(SecretKeySpec key) {
        Keyed k = perThread.get();
        if (k.key != key) {
            try {
                k.mac.init(key);
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException(algorithm + " key rejected", e);
            }
            k.key = key;
        } else {
            k.mac.reset(); // drops data a failed use may have left; keeps the key
        }
        return k.mac;
    }

    private static final class Keyed {
        final Mac mac;
        SecretKeySpec key;

        Keyed(Mac mac) {
            this.mac = mac;
        }
    }
}
