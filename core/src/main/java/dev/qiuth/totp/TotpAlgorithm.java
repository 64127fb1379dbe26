package dev.qiuth.totp;

/** The HMAC behind a TOTP code (RFC 6238 section 1.2). SHA1 is what authenticator apps use. */
public enum TotpAlgorithm {
    SHA1("HmacSHA1"),
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String jcaName;

    TotpAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** The JCA {@code Mac} algorithm name. */
    public String jcaName() {
        return jcaName;
    }
}
