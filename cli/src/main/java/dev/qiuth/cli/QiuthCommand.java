package dev.qiuth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of {@code qiuth}: its subcommands do the work. */
@Command(name = "qiuth", mixinStandardHelpOptions = true, version = "qiuth 0.1.0",
        description = "Multi-factor API keys: credentials, TOTP codes, signed requests.",
        subcommands = {GenerateCommand.class, HashCommand.class, TotpCommand.class, SignCommand.class,
            RequestCommand.class, KeysCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth generate all --output ./credentials",
            "  qiuth hash sk_live_...",
            "  qiuth totp --qr --issuer Acme --account billing    (secret from QIUTH_TOTP_SECRET)",
            "  qiuth sign --method POST --url https://api.example.com/orders --data @order.json",
            "  qiuth request GET https://api.example.com/orders --env-file ./credentials/qiuth.env",
            "  qiuth keys add --name billing --totp --format json    (keys in PostgreSQL: QIUTH_JDBC_URL)",
            "",
            "Credentials come from flags, then --env-file, then QIUTH_* variables: QIUTH_API_KEY,",
            "QIUTH_TOTP_SECRET, QIUTH_HMAC_SECRET, QIUTH_PRIVATE_KEY or QIUTH_PRIVATE_KEY_FILE.",
            "Exit codes: 0 ok, 1 HTTP status not 2xx (or unexpected failure), 2 usage or credential error,",
            "3 connection failure."})
final class QiuthCommand implements Callable<Integer> {
    final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    QiuthCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return QiuthCli.USAGE;
    }
}
