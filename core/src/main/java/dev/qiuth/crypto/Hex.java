package dev.qiuth.crypto;

/** Lowercase hexadecimal, as the protocol writes hashes and HMACs. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] data) {
        char[] out = new char[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            out[2 * i] = DIGITS[(data[i] >>> 4) & 0xf];
            out[2 * i + 1] = DIGITS[data[i] & 0xf];
        }
        return new String(out);
    }

    /** Writes the lowercase hex of {@code data} into {@code out} from {@code offset} (ASCII bytes). */
    public static void encodeInto(byte[] data, byte[] out, int offset) {
        for (int i = 0; i < data.length; i++) {
            out[offset + 2 * i] = (byte) DIGITS[(data[i] >>> 4) & 0xf];
            out[offset + 2 * i + 1] = (byte) DIGITS[data[i] & 0xf];
        }
    }

    /**
     * Decodes hex of either case; {@code null} when the text is not exactly {@code bytes * 2}
     * hex digits. Branch-free per digit, since the text may be a presented signature.
     */
    public static byte[] decode(CharSequence text, int bytes) {
        if (text == null || text.length() != bytes * 2) {
            return null;
        }
        byte[] out = new byte[bytes];
        int bad = 0;
        for (int i = 0; i < bytes; i++) {
            int hi = digit(text.charAt(2 * i));
            int lo = digit(text.charAt(2 * i + 1));
            bad |= (hi | lo) & 0x100;
            out[i] = (byte) ((hi << 4) | (lo & 0xf));
        }
        return bad == 0 ? out : null;
    }

    /** 0..15 for a hex digit, otherwise a value with bit 8 set. */
    private static int digit(char c) {
        int d = c - '0';
        int l = (c | 0x20) - 'a' + 10;
        // each candidate is kept only when in range; masks avoid data-dependent branches
        int isDigit = ((d - 10) >>> 31) & ((~d) >>> 31);               // 0 <= d < 10
        int isLetter = ((l - 16) >>> 31) & ((~(l - 10)) >>> 31);       // 10 <= l < 16
        int value = (d & -isDigit) | (l & -isLetter);
        return value | (((isDigit | isLetter) ^ 1) << 8);
    }
}
