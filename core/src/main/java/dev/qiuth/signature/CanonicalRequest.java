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
        return method.toUpperCase(Locale.ROOT) + '\n' + url + '\n' + timestampMs + '\n' + bodyHash(body);
    }

    /** The canonical string's UTF-8 bytes, which is what is signed. */
    public static byte[] bytes(String method, String url, long timestampMs, byte[] body) {
        return of(method, url, timestampMs, body).getBytes(StandardCharsets.UTF_8);
    }

    /** Hex SHA-256 of a non-empty body; the empty string for none. */
    public static String bodyHash(byte[] body) {
        return body == null || body.length == 0 ? "" : Hex.encode(Sha256.digest(body));
    }
}
