package dev.qiuth.cli;

import dev.qiuth.ApiKeyHash;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qiuth hash KEY}: the SHA-256 hex a server stores instead of the key. */
@Command(name = "hash", mixinStandardHelpOptions = true,
        description = "Print the SHA-256 of an API key (64 hex chars), as a server stores it.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth hash sk_live_Xq3...",
            "  printf '%%s\\n' \"$API_KEY\" | qiuth hash -      (keeps the key out of the shell history)",
            "  QIUTH_HASHED_API_KEY=$(qiuth hash -  < api-key.txt)"})
final class HashCommand implements Callable<Integer> {
    @ParentCommand
    QiuthCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", defaultValue = "-",
            description = "the API key, or - to read it from standard input (default)")
    String key;

    @Override
    public Integer call() {
        String plain = key.equals("-") ? StdinLine.read(root.environment.stdin(), "API key") : key;
        spec.commandLine().getOut().println(ApiKeyHash.of(plain).hex());
        return QiuthCli.OK;
    }
}
