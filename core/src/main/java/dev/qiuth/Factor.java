package dev.qiuth;

/** An authentication factor, in the order the protocol checks them. */
public enum Factor {
    API_KEY,
    IP_ALLOWLIST,
    TOTP,
    CERTIFICATE,
    HMAC
}
