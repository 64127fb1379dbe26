package dev.qiuth.state.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * The keys under which every Qiuth node keeps its state in Redis, whatever client it talks
 * through (Lettuce here, Vert.x in {@code qiuth-state-redis-quarkus}): nodes share replays and
 * lockouts only because they build the very same key bytes. Lettuce-free on purpose.
 *
 * <ul>
 *   <li>replay: {@code <prefix>r:<32 raw fingerprint bytes>}, set with {@code SET key 1 NX PX ttl}
 *       ({@link #replayKey}, {@link #replayTtlMillis});</li>
 *   <li>counter: {@code <prefix>l:{<bucket as UTF-8>}}, used by the {@link RateLimitScript}s; the
 *       braces make the bucket a cluster hash tag ({@link #counterKey}).</li>
 * </ul>
 *
 * <pre>{@code
 * RedisStateLayout layout = new RedisStateLayout("qiuth:");
 * byte[] key = layout.counterKey("fail:203.0.113.7");   // qiuth:l:{fail:203.0.113.7}
 * }</pre>
 */
public final class RedisStateLayout {
    /** A replay fingerprint is a SHA-256 digest. */
    public static final int FINGERPRINT_BYTES = 32;
    /** The value stored under a replay key: only its presence matters. */
    public static final byte[] REPLAY_VALUE = {'1'};

    private final String keyPrefix;
    private final byte[] replayPrefix;
    private final byte[] counterPrefix;

    /** @param keyPrefix put before every key, as validated by {@link RedisStateConfig} */
    public RedisStateLayout(String keyPrefix) {
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.replayPrefix = (keyPrefix + "r:").getBytes(StandardCharsets.US_ASCII);
        this.counterPrefix = (keyPrefix + "l:{").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code <prefix>r:} followed by the 32 fingerprint bytes. */
    public byte[] replayKey(byte[] fingerprint) {
        if (fingerprint == null || fingerprint.length != FINGERPRINT_BYTES) {
            throw new IllegalArgumentException("a replay fingerprint is a 32-byte digest");
        }
        byte[] key = new byte[replayPrefix.length + fingerprint.length];
        System.arraycopy(replayPrefix, 0, key, 0, replayPrefix.length);
        System.arraycopy(fingerprint, 0, key, replayPrefix.length, fingerprint.length);
        return key;
    }

    /**
     * How long Redis keeps a replay key: until the request could no longer be accepted, at least
     * 1 ms. Relative, so that the nodes' clocks need not agree with Redis'.
     */
    public static long replayTtlMillis(Instant until, Instant now) {
        return Math.max(1, until.toEpochMilli() - now.toEpochMilli());
    }

    /** {@code <prefix>l:{<bucket>}}. */
    public byte[] counterKey(String bucket) {
        byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[counterPrefix.length + b.length + 1];
        System.arraycopy(counterPrefix, 0, key, 0, counterPrefix.length);
        System.arraycopy(b, 0, key, counterPrefix.length, b.length);
        key[key.length - 1] = '}';
        return key;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    @Override
    public String toString() {
        return "RedisStateLayout[prefix=" + keyPrefix + "]";
    }
}
