package dev.qiuth.totp;

import java.io.ByteArrayOutputStream;

/**
 * RFC 4648 base32 (alphabet {@code A-Z2-7}), as authenticator apps use for TOTP secrets.
 *
 * <p>Decoding accepts lower case and optional, but correct, {@code =} padding; it refuses any
 * other character, including spaces, and lengths no encoder can produce.
 */
public final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {
    }

    /** Encodes without padding, as authenticator apps expect. */
    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /**
     * Decodes strictly.
     *
     * @throws IllegalArgumentException when the text is not base32; the message never contains
     *                                  the text, which is usually a secret
     */
    public static byte[] decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("base32 text is empty");
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        int padding = text.length() - end;
        if (padding > 0 && text.length() % 8 != 0) {
            throw new IllegalArgumentException("base32 padding is wrong");
        }
        int rem = end % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new IllegalArgumentException("base32 text has an impossible length");
        }
        if (padding > 0 && padding != (8 - rem) % 8) {
            throw new IllegalArgumentException("base32 padding is wrong");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            int v = value(text.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("base32 text has a character outside A-Z, 2-7 at position " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        return -1;
    }
}
