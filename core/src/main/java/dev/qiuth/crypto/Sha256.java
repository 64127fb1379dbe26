package dev.qiuth.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with one {@code MessageDigest} per thread: getting a new one costs more than hashing a key. */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    });

    private Sha256() {
    }

    public static byte[] digest(byte[] data) {
        return DIGEST.get().digest(data);
    }

    public static byte[] digest(String utf8) {
        return digest(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Hashes three parts as one message, each prefixed by its length so that parts cannot run into each other. */
    public static byte[] digestParts(byte[] a, byte[] b, byte[] c) {
        MessageDigest md = DIGEST.get();
        update(md, a);
        update(md, b);
        update(md, c);
        return md.digest();
    }

    private static void update(MessageDigest md, byte[] part) {
        int n = part.length;
        md.update((byte) (n >>> 24));
        md.update((byte) (n >>> 16));
        md.update((byte) (n >>> 8));
        md.update((byte) n);
        md.update(part);
    }
}
