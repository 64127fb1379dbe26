package dev.qiuth.examples;

import dev.qiuth.totp.OtpAuthUri;
import dev.qiuth.totp.TotpConfig;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The guided demo's console text: for each level, the throwaway credentials and a command that
 * passes it. Printed to standard output on purpose (the point of the demo), never logged.
 */
final class GuidedInstructions {
    static final String CLI = "java -jar cli/target/qiuth.jar";

    private GuidedInstructions() {
    }

    static String render(GuidedCredentials creds, String baseUrl, Path privateKey, Instant now) {
        TotpConfig totp = TotpConfig.of(creds.totpSecret());
        String code = totp.codeAt(now);
        StringBuilder sb = new StringBuilder()
                .append("\nQiuth guided demo: four security levels, each with its own throwaway key (new on every start).\n")
                .append("Commands run from the repository root; the signed levels use the qiuth CLI (build it once: ./mvnw -q -DskipTests -pl cli -am install).\n");

        level(sb, 1, GuidedLevel.BASIC)
                .append("   curl -i -H ").append(quote("X-API-Key: " + creds.apiKey(GuidedLevel.BASIC))).append(' ')
                .append(baseUrl).append(GuidedLevel.BASIC.path()).append('\n');

        level(sb, 2, GuidedLevel.WITH_IP)
                .append("   curl -i -H ").append(quote("X-API-Key: " + creds.apiKey(GuidedLevel.WITH_IP))).append(' ')
                .append(baseUrl).append(GuidedLevel.WITH_IP.path()).append('\n')
                .append("   (from any other address the same key gets 403 IP_NOT_ALLOWED)\n");

        level(sb, 3, GuidedLevel.WITH_TOTP)
                .append("   TOTP secret: ").append(creds.totpSecret()).append('\n')
                .append("   authenticator app: ").append(OtpAuthUri.of(totp, "Qiuth demo", "with-totp")).append('\n')
                .append("   curl -i -H ").append(quote("X-API-Key: " + creds.apiKey(GuidedLevel.WITH_TOTP)))
                .append(" -H ").append(quote("X-TOTP-Token: " + code)).append(' ')
                .append(baseUrl).append(GuidedLevel.WITH_TOTP.path()).append('\n')
                .append("   (").append(code).append(" was the code at startup; codes change every 30 s: get the current one with\n")
                .append("    ").append(CLI).append(" totp ").append(creds.totpSecret()).append(" )\n");

        level(sb, 4, GuidedLevel.FULL)
                .append("   RSA private key (PEM, deleted when the demo stops): ").append(privateKey).append('\n')
                .append("   (\n")
                .append("     export QIUTH_API_KEY=").append(quote(creds.apiKey(GuidedLevel.FULL))).append('\n')
                .append("     export QIUTH_TOTP_SECRET=").append(quote(creds.totpSecret())).append('\n')
                .append("     export QIUTH_HMAC_SECRET=").append(quote(creds.hmacSecret())).append('\n')
                .append("     export QIUTH_PRIVATE_KEY=\"$(cat ").append(quote(privateKey.toString())).append(")\"\n")
                .append("     ").append(CLI).append(" request GET ").append(baseUrl).append(GuidedLevel.FULL.path()).append('\n')
                .append("   )\n")
                .append("   (the parentheses keep these variables out of your shell: a demo started with QIUTH_API_KEY set\n")
                .append("    protects /api/* with that key instead of running this guide)\n\n");
        return sb.toString();
    }

    private static StringBuilder level(StringBuilder sb, int n, GuidedLevel level) {
        return sb.append('\n').append(n).append(". ").append(level.path()).append(": ").append(level.description()).append('\n');
    }

    /** Single-quotes a word for POSIX shells. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
