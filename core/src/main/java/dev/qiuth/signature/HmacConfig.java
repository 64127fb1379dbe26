package dev.qiuth.signature;

import dev.qiuth.crypto.Hex;
import dev.qiuth.crypto.ThreadLocalMac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key's HMAC factor: {@code HmacSHA256} keyed with the UTF-8 bytes of a shared secret of at
 * least 32 characters, and the oldest timestamp accepted. Signs and verifies; the secret never
 * appears in {@link #toString()}.
 *
 * <pre>{@code
 * HmacConfig hmac = HmacConfig.of(secret);                   // maxAge 300 s
 * String sig = hmac.signHex(CanonicalRequest.bytes("GET", url, ts, null));
 * }</pre>
 */
public final class HmacConfig {
    public static final int MIN_SECRET_LENGTH = 32;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(300);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final ThreadLocalMac MAC = new ThreadLocalMac(ALGORITHM);

    private final SecretKeySpec key;
    private final Duration maxAge;

    private HmacConfig(byte[] key, Duration maxAge) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.maxAge = maxAge;
    }

    /**
     * @throws IllegalArgumentException for a secret under 32 characters or a non-positive maxAge or one over a day
     */
    public static HmacConfig of(String secret, Duration maxAge) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("HMAC secret must be at least " + MIN_SECRET_LENGTH
                    + " characters, got " + (secret == null ? 0 : secret.length()));
        }
        TimestampWindow.requireValidMaxAge("HMAC", maxAge);
        return new HmacConfig(secret.getBytes(StandardCharsets.UTF_8), maxAge);
    }

    /**
     * A configuration keyed with raw bytes, for the RFC 4231 vectors whose keys are not UTF-8
     * text. The protocol always keys with the UTF-8 of a secret string: use {@link #of}.
     */
    static HmacConfig ofKeyBytes(byte[] key) {
        return new HmacConfig(key.clone(), DEFAULT_MAX_AGE);
    }

    public static HmacConfig of(String secret) {
        return of(secret, DEFAULT_MAX_AGE);
    }

    /** The raw HMAC of the data. */
    public byte[] sign(byte[] data) {
        return MAC.keyedWith(key).doFinal(data);
    }

    /** The HMAC as 64 lowercase hex characters, as {@code X-HMAC-Signature} carries it. */
    public String signHex(byte[] data) {
        return Hex.encode(sign(data));
    }

    /** Whether a presented hex signature (either case) is the HMAC of the data; constant time. */
    public boolean verifies(byte[] data, String presentedHex) {
        return verifiedMac(data, presentedHex) != null;
    }

    /**
     * The MAC of the data when the presented hex signature (either case) is it, else
     * {@code null}; constant time. The engine fingerprints an accepted request by its MAC.
     */
    public byte[] verifiedMac(byte[] data, String presentedHex) {
        byte[] presented = Hex.decode(presentedHex, MAC_BYTES);
        byte[] expected = sign(data);
        boolean valid = presented != null & MessageDigest.isEqual(expected, presented == null ? new byte[MAC_BYTES] : presented);
        return valid ? expected : null;
    }

    public Duration maxAge() {
        return maxAge;
    }

    @Override
    public String toString() {
        return "HmacConfig[secret=<redacted>, maxAge=" + maxAge.toSeconds() + "s]";
    }
}
