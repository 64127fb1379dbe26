package dev.qiuth.totp;

import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a presented TOTP code against the server's clock, accepting {@code window} steps on
 * either side for clock drift. Every code in the window is computed and compared, match or not,
 * so the time taken does not tell which step matched.
 *
 * <pre>{@code
 * TotpVerifier verifier = new TotpVerifier(new TotpGenerator(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30)), 1);
 * long step = verifier.verify(key, "287082", clock.instant());
 * boolean ok = step != TotpVerifier.NO_MATCH;
 * }</pre>
 */
public final class TotpVerifier {
    /** Returned by {@link #verify} when no code in the window matches. */
    public static final long NO_MATCH = Long.MIN_VALUE;

    private final TotpGenerator generator;
    private final int window;

    /**
     * @throws IllegalArgumentException when the window is negative or above 10 steps
     */
    public TotpVerifier(TotpGenerator generator, int window) {
        if (window < 0 || window > 10) {
            throw new IllegalArgumentException("TOTP window must be 0 to 10 steps, got " + window);
        }
        this.generator = generator;
        this.window = window;
    }

    /**
     * The time counter whose code matches, or {@link #NO_MATCH}. A code that is not exactly the
     * configured number of ASCII digits never matches.
     */
    public long verify(byte[] key, String code, Instant now) {
        return verify(new SecretKeySpec(key, generator.algorithm().jcaName()), code, now);
    }

    /** As {@link #verify(byte[], String, Instant)} with the key already wrapped. */
    long verify(SecretKeySpec key, String code, Instant now) {
        int presented = parse(code);
        return presented < 0 ? NO_MATCH : match(codesAround(key, generator.counterAt(now)), presented);
    }

    /** Every code of the window around a time counter: what {@link TotpConfig} keeps for one step. */
    Window codesAround(SecretKeySpec key, long current) {
        int[] codes = new int[2 * window + 1];
        // one keying for the whole window: doFinal leaves the Mac keyed
        Mac mac = generator.keyedMac(key);
        byte[] scratch = new byte[64];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = generator.truncate(mac, current - window + i, scratch);
        }
        return new Window(current, codes);
    }

    /** The counter of the window's code equal to a parsed code, or {@link #NO_MATCH}; every code is compared. */
    static long match(Window window, int presented) {
        long matched = NO_MATCH;
        long first = window.first();
        for (int i = 0; i < window.codes.length; i++) {
            int diff = window.codes[i] ^ presented;
            // branch-free select keeps the loop's timing independent of where the match is
            long hit = ((long) (diff | -diff) >> 63) ^ -1L; // -1 when diff == 0, else 0
            long counter = first + i;
            matched = (hit & counter) | (~hit & matched);
        }
        return matched;
    }

    /** The codes of the counters {@code current - w} to {@code current + w}, {@code 2w + 1} of them. */
    record Window(long current, int[] codes) {
        long first() {
            return current - codes.length / 2;
        }
    }

    /** The code as a number, or -1 unless it is exactly the configured number of ASCII digits. */
    int parse(String code) {
        if (code == null || code.length() != generator.digits()) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    public int window() {
        return window;
    }

    public TotpGenerator generator() {
        return generator;
    }
}
