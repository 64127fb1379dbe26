package dev.qiuth.cli;

import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.store.postgres.Rotation;
import dev.qiuth.store.postgres.Secret;
import dev.qiuth.store.postgres.StoredKey;
import dev.qiuth.totp.TotpConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code qiuth keys rotate}: new credentials for a key, the old ones still accepted by every
 * server until the transition ends. The new credentials are printed once, in the shape
 * {@code keys add} prints them; {@code complete-rotation} and {@code cancel-rotation} end it early.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Give a key new credentials; the old ones keep working until --transition ends.",
            "Prints the new credentials ONCE (--format text, env or json, as keys add)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth keys rotate billing --transition 24h --api-key --hmac --format env > billing.env",
            "  qiuth keys complete-rotation billing      # old credentials refused from now on",
            "  qiuth keys cancel-rotation billing        # back to the old credentials"})
final class KeysRotateCommand extends KeyIdCommand {
    @Option(names = "--transition", required = true, paramLabel = "PERIOD",
            description = "how long the old credentials stay accepted: 90m, 24h, 7d")
    String transition;

    @Option(names = "--api-key", description = "a new API key")
    boolean apiKey;

    @Option(names = "--prefix", defaultValue = "", description = "prefix of the new API key, such as sk_live_")
    String prefix;

    @Option(names = "--totp", description = "a new TOTP secret")
    boolean totp;

    @Option(names = "--hmac", description = "a new HMAC secret")
    boolean hmac;

    @Option(names = "--certificate", paramLabel = "PEM_FILE", description = "a new RSA public key")
    Path certificate;

    @Option(names = "--issuer", defaultValue = "Qiuth", description = "issuer shown by the authenticator app (default ${DEFAULT-VALUE})")
    String issuer;

    @Option(names = "--format", defaultValue = "text", description = "text, env or json (default ${DEFAULT-VALUE})")
    KeysAddCommand.Format format;

    @Override
    public Integer call() throws IOException {
        if (!apiKey && !totp && !hmac && certificate == null) {
            throw new ParameterException(spec.commandLine(), "name what to rotate: --api-key, --totp, --hmac and/or --certificate");
        }
        ApiKeyPrefix.check(spec, prefix);
        Rotation.Builder request = Rotation.builder(period());
        CredentialGenerator generator = new CredentialGenerator();
        String newApiKey = apiKey ? generator.apiKey(prefix) : null;
        if (newApiKey != null) {
            request.apiKey(newApiKey);
        }
        String totpSecret = totp ? generator.totpSecret() : null;
        if (totpSecret != null) {
            request.totp(TotpConfig.of(totpSecret));
        }
        String hmacSecret = hmac ? generator.hmacSecret() : null;
        if (hmacSecret != null) {
            request.hmac(Secret.of(hmacSecret));
        }
        if (certificate != null) {
            request.certificate(KeysAddCommand.readPublicPem(spec, certificate));
        }
        Rotation rotation = request.build();
        StoredKey stored = withAdmin(admin -> admin.startRotation(id, rotation));
        PrintWriter out = spec.commandLine().getOut();
        KeysAddCommand.printCredentials(out, format, "Key rotated:", stored, newApiKey, totpSecret, hmacSecret,
                certificate, issuer);
        if (format == KeysAddCommand.Format.text) {
            stored.rotation().ifPresent(r -> out.println("The old credentials are accepted until " + r.until() + "."));
            out.flush();
        }
        return QiuthCli.OK;
    }

    private Duration period() {
        Matcher m = KeysAddCommand.PERIOD.matcher(transition);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "--transition must be a period such as 90m, 24h or 7d, got '"
                    + KeyDescription.printable(transition) + "'");
        }
        return KeysAddCommand.period(m.group(1), m.group(2));
    }

    /** {@code qiuth keys complete-rotation ID}: the old credentials stop working now. */
    @Command(name = "complete-rotation", mixinStandardHelpOptions = true,
            description = "End a key's rotation now: only the new credentials work from here on.")
    static final class Complete extends KeyIdCommand {
        @Override
        public Integer call() {
            StoredKey key = withAdmin(admin -> admin.completeRotation(id));
            return done("rotation of " + KeyDescription.printable(key.id()) + " completed: the old credentials are refused");
        }
    }

    /** {@code qiuth keys cancel-rotation ID}: the new credentials are dropped, the old ones current again. */
    @Command(name = "cancel-rotation", mixinStandardHelpOptions = true,
            description = "Cancel a key's rotation: the new credentials are dropped and the old ones stay.")
    static final class Cancel extends KeyIdCommand {
        @Override
        public Integer call() {
            StoredKey key = withAdmin(admin -> admin.cancelRotation(id));
            return done("rotation of " + KeyDescription.printable(key.id())
                    + " cancelled: the new credentials are refused, the old ones work");
        }
    }
}
