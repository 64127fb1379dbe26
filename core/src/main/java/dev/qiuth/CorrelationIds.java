package dev.qiuth;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids that tie a response to its audit log line: unique within a process, different across
 * processes, and cheap (a counter from a random start; {@code UUID.randomUUID()} costs more than
 * a whole HMAC check).
 */
final class CorrelationIds {
    private static final AtomicLong NEXT = new AtomicLong(new SecureRandom().nextLong());
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CorrelationIds() {
    }

    static String next() {
        // a multiplier with an inverse mod 2^64 spreads consecutive ids without collisions
        long v = NEXT.getAndIncrement() * 0x9E3779B97F4A7C15L;
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return new String(out);
    }
}
