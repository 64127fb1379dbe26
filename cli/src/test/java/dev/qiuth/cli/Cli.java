package dev.qiuth.cli;

import dev.qiuth.client.Sleeper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/** Runs {@code qiuth} in-process through picocli, with its output captured. */
final class Cli {
    private Cli() {
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static final Sleeper NO_WAIT = d -> CompletableFuture.completedFuture(null);

    static Run run(Map<String, String> env, Clock clock, String stdin, Sleeper sleeper, String... args) {
        CliEnvironment environment = new CliEnvironment(env, clock,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), sleeper);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = QiuthCli.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(Map<String, String> env, Clock clock, String... args) {
        return run(env, clock, "", NO_WAIT, args);
    }

    static Run run(String... args) {
        return run(Map.of(), Clock.systemUTC(), args);
    }
}
