package dev.qiuth.totp;

import dev.qiuth.crypto.ThreadLocalMac;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes RFC 6238 time-based one-time passwords (RFC 4226 HOTP over a time counter).
 * Thread-safe; each thread keeps its own {@code Mac} per algorithm.
 *
 * <pre>{@code
 * TotpGenerator totp = new TotpGenerator(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30));
 * String code = totp.generate(Base32.decode(secret), clock.instant());
 * }</pre>
 */
public final class TotpGenerator {
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private static final ThreadLocalMac[] MACS = new ThreadLocalMac[TotpAlgorithm.values().length];

    static {
        for (TotpAlgorithm algorithm : TotpAlgorithm.values()) {
            MACS[algorithm.ordinal()] = new ThreadLocalMac(algorithm.jcaName());
        }
    }

    private final TotpAlgorithm algorithm;
    private final int digits;
    private final long stepMillis;

    /**
     * @throws IllegalArgumentException when digits is outside 6..8 or the step is under a second
     */
    public TotpGenerator(TotpAlgorithm algorithm, int digits, Duration step) {
        if (algorithm == null) {
            throw new IllegalArgumentException("TOTP algorithm is required");
        }
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("TOTP digits must be 6, 7 or 8, got " + digits);
        }
        if (step == null || step.toMillis() < 1000) {
            throw new IllegalArgumentException("TOTP time step must be at least one second, got " + step);
        }
        this.algorithm = algorithm;
        this.digits = digits;
        this.stepMillis = step.toMillis();
    }

    /** The time counter T = floor(unix time / step) at an instant. */
    public long counterAt(Instant instant) {
        return Math.floorDiv(instant.toEpochMilli(), stepMillis);
    }

    /** The code for a time counter, zero-padded to the configured digits. */
    public String generate(byte[] key, long counter) {
        return format(truncate(key, counter));
    }

    /** The code valid at an instant. */
    public String generate(byte[] key, Instant instant) {
        return generate(key, counterAt(instant));
    }

    /** The code as digits without allocating a string: the dynamic truncation of RFC 4226 5.3. */
    int truncate(byte[] key, long counter) {
        return truncate(keyedMac(new SecretKeySpec(key, algorithm.jcaName())), counter, new byte[64]);
    }

    /** This thread's {@code Mac} for the algorithm, keyed; {@code doFinal} keeps the key for the next code. */
    Mac keyedMac(SecretKeySpec key) {
        return MACS[algorithm.ordinal()].keyedWith(key);
    }

    /** One code from a keyed {@code Mac}; {@code scratch} holds the MAC (64 bytes fit SHA-512). */
    int truncate(Mac mac, long counter, byte[] scratch) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (counter >>> (56 - 8 * i));
        }
        mac.update(scratch, 0, 8);
        int length = mac.getMacLength();
        try {
            mac.doFinal(scratch, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("TOTP scratch buffer too small", e);
        }
        int offset = scratch[length - 1] & 0x0f;
        int binary = ((scratch[offset] & 0x7f) << 24)
                | ((scratch[offset + 1] & 0xff) << 16)
                | ((scratch[offset + 2] & 0xff) << 8)
                | (scratch[offset + 3] & 0xff);
        return binary % POWERS[digits];
    }

    String format(int code) {
        StringBuilder sb = new StringBuilder(digits);
        String s = Integer.toString(code);
        for (int i = s.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    public int digits() {
        return digits;
    }

    public Duration step() {
        return Duration.ofMillis(stepMillis);
    }

    public TotpAlgorithm algorithm() {
        return algorithm;
    }
}
