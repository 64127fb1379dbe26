package dev.qiuth.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/...} provisioning URI that authenticator apps scan from a QR code.
 *
 * <pre>{@code
 * String uri = OtpAuthUri.of(totpConfig, "Acme", "alice@example.com");
 * // otpauth://totp/Acme:alice%40example.com?secret=...&issuer=Acme
 * }</pre>
 */
public final class OtpAuthUri {
    private OtpAuthUri() {
    }

    /**
     * Builds the URI. Algorithm, digits and period are added only when they differ from the
     * defaults every app assumes (SHA1, 6, 30 s).
     */
    public static String of(TotpConfig config, String issuer, String account) {
        if (issuer == null || issuer.isBlank() || issuer.indexOf(':') >= 0) {
            throw new IllegalArgumentException("issuer must be non-empty and contain no ':'");
        }
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("account must be non-empty");
        }
        StringBuilder sb = new StringBuilder("otpauth://totp/")
                .append(encode(issuer)).append(':').append(encode(account))
                .append("?secret=").append(config.base32Secret())
                .append("&issuer=").append(encode(issuer));
        if (config.algorithm() != TotpAlgorithm.SHA1) {
            sb.append("&algorithm=").append(config.algorithm().name());
        }
        if (config.digits() != 6) {
            sb.append("&digits=").append(config.digits());
        }
        if (config.step().toSeconds() != 30) {
            sb.append("&period=").append(config.step().toSeconds());
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
