package dev.qiuth;

/**
 * The protocol's request header names (version 1), the one place they are spelled: the engine
 * reads them, the signer writes them. Header names are case-insensitive on the wire.
 */
public final class QiuthHeaders {
    /** The API key, plain text. */
    public static final String API_KEY = "X-API-Key";
    /** The current TOTP code. */
    public static final String TOTP_TOKEN = "X-TOTP-Token";
    /** Unix epoch milliseconds, decimal: covered by both signatures. */
    public static final String TIMESTAMP = "X-Timestamp";
    /** Base64 RSA signature of the canonical request. */
    public static final String SIGNATURE = "X-Signature";
    /** Hex HMAC-SHA256 of the canonical request. */
    public static final String HMAC_SIGNATURE = "X-HMAC-Signature";

    private QiuthHeaders() {
    }

    /** Whether a header is one of the protocol's five (they are signed, or are the credentials). */
    public static boolean isProtocolHeader(String name) {
        return name.equalsIgnoreCase(API_KEY) || name.equalsIgnoreCase(TOTP_TOKEN) || name.equalsIgnoreCase(TIMESTAMP)
                || name.equalsIgnoreCase(SIGNATURE) || name.equalsIgnoreCase(HMAC_SIGNATURE);
    }
}
