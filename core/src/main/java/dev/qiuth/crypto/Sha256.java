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
        byte[] length = new byte[4];
        update(md, length, a);
        update(md, length, b);
        update(md, length, c);
        return md.digest();
    }

    private static void update(MessageDigest md, byte[] length, byte[] part) {
        int n = part.length;
        length[0] = (byte) (n >>> 24);
        length[1] = (byte) (n >>> 16);
        length[2] = (byte) (n >>> 8);
        length[3] = (byte) n;
        md.update(length, 0, 4);
        md.update(part);
    }
}
