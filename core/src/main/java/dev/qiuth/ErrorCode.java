package dev.qiuth;

import java.util.Locale;

/**
 * Why a request was refused: the protocol's codes, each with its HTTP status and a title safe
 * to show a client. Rendered as {@code urn:qiuth:error:<code-in-kebab-case>}.
 */
public enum ErrorCode {
    MISSING_API_KEY(401, "API key missing"),
    INVALID_API_KEY(401, "Invalid API key"),
    IP_NOT_ALLOWED(403, "IP address not allowed"),
    MISSING_TOTP_TOKEN(401, "TOTP token missing"),
    INVALID_TOTP_TOKEN(401, "Invalid TOTP token"),
    MISSING_SIGNATURE(401, "Signature missing"),
    INVALID_SIGNATURE(401, "Invalid signature"),
    MISSING_HMAC(401, "HMAC signature missing"),
    INVALID_HMAC(401, "Invalid HMAC signature"),
    EXPIRED_TIMESTAMP(401, "Timestamp missing, malformed or expired"),
    FUTURE_TIMESTAMP(401, "Timestamp in the future"),
    REPLAYED_REQUEST(401, "Request already used"),
    RATE_LIMITED(429, "Too many requests"),
    BODY_TOO_LARGE(413, "Request body too large"),
    /**
     * HTTP framing the server cannot trust: a body made unreadable (a broken chunk), two
     * {@code Host} headers, {@code Content-Length} with {@code Transfer-Encoding}, a request line
     * that does not parse. The connection is closed after the answer.
     */
    MALFORMED_REQUEST(400, "Malformed request"),
    /** {@code TRACE} on a protected path: its answer would echo the credentials. */
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    UNAVAILABLE(503, "Authentication temporarily unavailable"),
    /** The single code of every 401 when the server chooses minimal disclosure. */
    UNAUTHORIZED(401, "Unauthorized");

    private final int status;
    private final String title;
    private final String type;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
        this.type = "urn:qiuth:error:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem type URI, e.g. {@code urn:qiuth:error:ip-not-allowed}. */
    public String type() {
        return type;
    }
}
