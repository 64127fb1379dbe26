package dev.qiuth;

import dev.qiuth.crypto.Hex;
import dev.qiuth.crypto.Sha256;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An API key as it is stored: {@code SHA-256(UTF-8(key))}. Key stores are keyed by it; the key
 * itself is never kept. {@link #toString()} shows only {@link #shortId()}.
 *
 * <pre>{@code
 * ApiKeyHash h = ApiKeyHash.of("sk_live_...");
 * h.hex();       // 64 lowercase hex chars, for a text column
 * h.toBytes();   // the 32 bytes, for a binary one
 * h.shortId();   // first 8 hex chars, for logs
 * }</pre>
 */
public final class ApiKeyHash {
    private final byte[] bytes;
    private final int hashCode;

    private ApiKeyHash(byte[] bytes) {
        this.bytes = bytes;
        // the hash is uniformly distributed: its first bytes make a fine hashCode
        this.hashCode = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** Hashes a plain API key. */
    public static ApiKeyHash of(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("API key is empty");
        }
        return new ApiKeyHash(Sha256.digest(apiKey));
    }

    /**
     * Reads a stored hash.
     *
     * @throws IllegalArgumentException when it is not 64 hex characters
     */
    public static ApiKeyHash fromHex(String hex) {
        byte[] b = Hex.decode(hex == null ? null : hex.trim(), 32);
        if (b == null) {
            throw new IllegalArgumentException("API key hash must be 64 hex characters (SHA-256)");
        }
        return new ApiKeyHash(b);
    }

    /**
     * Reads a stored hash kept as its 32 bytes (a {@code bytea} column); the array is copied.
     *
     * @throws IllegalArgumentException when it is not 32 bytes
     */
    public static ApiKeyHash fromBytes(byte[] sha256) {
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("API key hash must be 32 bytes (SHA-256)");
        }
        return new ApiKeyHash(sha256.clone());
    }

    /** The 32 bytes, for a binary column; a copy. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** 64 lowercase hex characters. */
    public String hex() {
        return Hex.encode(bytes);
    }

    /** The first 8 hex characters: enough to name a key in a log, useless to an attacker. */
    public String shortId() {
        return Hex.encode(Arrays.copyOf(bytes, 4));
    }

    /** Constant-time comparison. */
    public boolean matches(ApiKeyHash other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKeyHash other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return "ApiKeyHash[" + shortId() + "…]";
    }
}
