package dev.qiuth.cli;

import dev.qiuth.client.EnvFile;
import dev.qiuth.client.QiuthCredentials;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The credential flags of {@code sign} and {@code request}. A flag wins over {@code --env-file},
 * which wins over the {@code QIUTH_*} variables. Flags put secrets in the shell history and the
 * process list: prefer the variables or a file.
 */
final class CredentialOptions {
    @Option(names = "--api-key", paramLabel = "KEY", description = "API key (default: QIUTH_API_KEY)")
    String apiKey;

    @Option(names = "--totp-secret", paramLabel = "BASE32", description = "TOTP secret (default: QIUTH_TOTP_SECRET)")
    String totpSecret;

    @Option(names = "--hmac-secret", paramLabel = "SECRET", description = "HMAC secret (default: QIUTH_HMAC_SECRET)")
    String hmacSecret;

    @Option(names = "--private-key", paramLabel = "FILE",
            description = "RSA private key, PKCS#8 PEM (default: QIUTH_PRIVATE_KEY or QIUTH_PRIVATE_KEY_FILE)")
    Path privateKey;

    @Option(names = "--env-file", paramLabel = "FILE", description = "read QIUTH_* variables from a .env file")
    Path envFile;

    /**
     * @throws IllegalArgumentException naming what is missing or wrong, never a secret
     */
    QiuthCredentials resolve(Map<String, String> env) {
        QiuthCredentials.Builder b = QiuthCredentials.builder().environment(env);
        if (envFile != null) {
            b.environment(EnvFile.read(envFile));
        }
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        if (totpSecret != null) {
            b.totpSecret(totpSecret);
        }
        if (hmacSecret != null) {
            b.hmacSecret(hmacSecret);
        }
        if (privateKey != null) {
            b.privateKeyFile(privateKey);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("API key is missing")) {
                throw new IllegalArgumentException("API key is missing: pass --api-key, set QIUTH_API_KEY, or use --env-file");
            }
            throw e;
        }
    }
}
