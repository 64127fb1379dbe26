package dev.qiuth.examples;

import dev.qiuth.cli.CliEnvironment;
import dev.qiuth.cli.QiuthCli;
import dev.qiuth.client.Sleeper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code qiuth} run in this JVM as a user runs it: these variables are its whole environment,
 * standard input is empty, and what it prints is captured.
 *
 * <pre>{@code
 * InProcessCli.Run r = InProcessCli.run(Map.of("QIUTH_JDBC_URL", url), Clock.systemUTC(), noWait, "keys", "list");
 * }</pre>
 */
final class InProcessCli {
    private InProcessCli() {
    }

    /** What a command returned and printed. */
    record Run(int code, String out, String err) {
        /** What {@code qiuth request} printed after the status line. */
        String body() {
            return out.substring(out.indexOf('\n') + 1);
        }
    }

    static Run run(Map<String, String> env, Clock clock, Sleeper sleeper, String... args) {
        CliEnvironment environment = new CliEnvironment(Map.copyOf(env), clock, new ByteArrayInputStream(new byte[0]), sleeper);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = QiuthCli.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
