package dev.qiuth.signature;

import dev.qiuth.crypto.Hex;
import dev.qiuth.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The string both signatures cover (protocol version 1):
 * {@code UPPER(method) \n url \n timestampMs \n bodyHash}, where {@code bodyHash} is the
 * lowercase hex SHA-256 of the body, or empty for an empty body. The one place that builds it,
 * for signer and verifier alike.
 *
 * <pre>{@code
 * String c = CanonicalRequest.of("POST", "http://localhost:8080/api/data", 1700000000000L,
 *         "{\"a\":1}".getBytes(UTF_8));
 * }</pre>
 */
public final class CanonicalRequest {
    private CanonicalRequest() {
    }

    /** The canonical string for a request. {@code body} may be {@code null} for none. */
    public static String of(String method, String url, long timestampMs, byte[] body) {
        return new String(bytes(method, url, timestampMs, body), StandardCharsets.UTF_8);
    }

    /**
     * The canonical string's UTF-8 bytes, which is what is signed. Written straight into one
     * array when method and URL are ASCII (they are on the wire), the verifier's hot path.
     */
    public static byte[] bytes(String method, String url, long timestampMs, byte[] body) {
        return write(method, timestampMs, body, url, "", "", "", "");
    }

    /**
     * The same bytes for the URL {@code scheme://authority rawPath [?rawQuery]}, without building
     * the URL first: how a server rebuilds what the client signed.
     *
     * @param rawQuery the raw query without {@code ?}, or {@code null} when the URL had none
     */
    public static byte[] bytes(String method, String scheme, String authority, String rawPath, String rawQuery,
            long timestampMs, byte[] body) {
        return write(method, timestampMs, body, scheme, "://", authority, rawPath,
                rawQuery == null ? "" : "?" + rawQuery);
    }

    /** The URL is the concatenation of the five parts. */
    private static byte[] write(String method, long timestampMs, byte[] body, String u1, String u2, String u3,
            String u4, String u5) {
        int urlLength = u1.length() + u2.length() + u3.length() + u4.length() + u5.length();
        if (timestampMs < 0 || !isAscii(method) || !isAscii(u1) || !isAscii(u3) || !isAscii(u4) || !isAscii(u5)) {
            String url = u1 + u2 + u3 + u4 + u5;
            return (method.toUpperCase(Locale.ROOT) + '\n' + url + '\n' + timestampMs + '\n' + bodyHash(body))
                    .getBytes(StandardCharsets.UTF_8);
        }
        int digits = digits(timestampMs);
        boolean hasBody = body != null && body.length > 0;
        byte[] out = new byte[method.length() + urlLength + digits + 3 + (hasBody ? 64 : 0)];
        int i = 0;
        for (int k = 0; k < method.length(); k++) {
            char c = method.charAt(k);
            out[i++] = (byte) (c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        out[i++] = '\n';
        i = ascii(u1, out, i);
        i = ascii(u2, out, i);
        i = ascii(u3, out, i);
        i = ascii(u4, out, i);
        i = ascii(u5, out, i);
        out[i++] = '\n';
        long t = timestampMs;
        for (int k = i + digits - 1; k >= i; k--) {
            out[k] = (byte) ('0' + (t % 10));
            t /= 10;
        }
        i += digits;
        out[i++] = '\n';
        if (hasBody) {
            Hex.encodeInto(Sha256.digest(body), out, i);
        }
        return out;
    }

    private static int ascii(String s, byte[] out, int at) {
        for (int k = 0; k < s.length(); k++) {
            out[at + k] = (byte) s.charAt(k);
        }
        return at + s.length();
    }

    /** Hex SHA-256 of a non-empty body; the empty string for none. */
    public static String bodyHash(byte[] body) {
        return body == null || body.length == 0 ? "" : Hex.encode(Sha256.digest(body));
    }

    private static boolean isAscii(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
