package dev.qiuth.cli;

import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.config.Variable;
import dev.qiuth.totp.OtpAuthUri;
import dev.qiuth.totp.TotpAlgorithm;
import dev.qiuth.totp.TotpConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qiuth totp SECRET}: the current code, or the code at a given time, and a QR code to provision an app. */
@Command(name = "totp", mixinStandardHelpOptions = true,
        description = "Print the TOTP code of a base32 secret (RFC 6238) and the seconds it stays valid.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth totp JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            "  qiuth totp                                  (secret from QIUTH_TOTP_SECRET)",
            "  qiuth totp - < totp-secret.txt              (secret from standard input)",
            "  qiuth totp GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ --at 59 --digits 8        (RFC 6238: 94287082)",
            "  qiuth totp --at 2026-11-23T12:00:00Z --format json",
            "  qiuth totp --qr --issuer Acme --account billing-service"})
final class TotpCommand implements Callable<Integer> {
    @ParentCommand
    QiuthCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SECRET",
            description = "base32 secret; - reads it from standard input; default QIUTH_TOTP_SECRET")
    String secret;

    @Option(names = "--at", paramLabel = "TIME", description = "an ISO-8601 instant (2009-02-13T23:31:30Z) or epoch seconds; default now")
    String at;

    @Option(names = "--digits", defaultValue = "6", description = "6, 7 or 8 (default ${DEFAULT-VALUE})")
    int digits;

    @Option(names = "--algorithm", defaultValue = "SHA1", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    TotpAlgorithm algorithm;

    @Option(names = "--period", defaultValue = "30", paramLabel = "SECONDS", description = "time step (default ${DEFAULT-VALUE})")
    long period;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--qr", description = "also print the otpauth:// URI and its QR code, to scan with an authenticator app")
    boolean qr;

    @Option(names = "--issuer", description = "issuer shown by the app (with --qr)")
    String issuer;

    @Option(names = "--account", description = "account shown by the app (with --qr)")
    String account;

    @Option(names = "--dark-on-light", description = "draw the QR code for a terminal with dark text on a light background")
    boolean darkOnLight;

    enum Format { text, json }

    @Override
    public Integer call() {
        TotpConfig config = config();
        Instant instant = at == null ? root.environment.clock().instant() : parseTime(at);
        String code = config.codeAt(instant);
        long left = period - Math.floorMod(instant.getEpochSecond(), period);
        PrintWriter out = spec.commandLine().getOut();
        String uri = null;
        if (qr) {
            if (issuer == null || account == null) {
                throw new ParameterException(spec.commandLine(), "--qr needs --issuer and --account");
            }
            uri = OtpAuthUri.of(config, issuer, account);
        }
        if (format == Format.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("code", code);
            json.put("remainingTime", left);
            json.put("at", instant.toString());
            if (uri != null) {
                json.put("uri", uri);
            }
            out.println(JsonText.write(json));
        } else {
            out.println(code);
            out.println("valid for " + left + " s more (at " + instant + ")");
            if (uri != null) {
                out.println();
                out.println(uri);
                out.print(TerminalQr.render(uri, darkOnLight));
            }
        }
        out.flush();
        return QiuthCli.OK;
    }

    private TotpConfig config() {
        String base32 = secret;
        if (base32 == null) {
            // read as the server and QiuthCredentials read it: trimmed, or from QIUTH_TOTP_SECRET_FILE
            base32 = Variable.read(root.environment.env(), EnvironmentConfig.TOTP_SECRET).map(Variable::value)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "TOTP secret is missing: pass it, use - for standard input, or set QIUTH_TOTP_SECRET"));
        } else if (base32.equals("-")) {
            base32 = StdinLine.read(root.environment.stdin(), "TOTP secret");
        }
        if (period < 1 || period > 3600) {
            throw new ParameterException(spec.commandLine(), "--period must be 1 to 3600 seconds, got " + period);
        }
        // TotpConfig checks the base32 and the digits, and never quotes the secret
        return TotpConfig.builder(base32.strip()).digits(digits).algorithm(algorithm).step(Duration.ofSeconds(period)).build();
    }

    private Instant parseTime(String text) {
        try {
            if (text.matches("-?\\d{1,12}")) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--at must be an ISO-8601 instant such as 2009-02-13T23:31:30Z or epoch seconds, got '" + text + "'");
        }
    }
}
