package dev.qiuth.cli;

import dev.qiuth.StoreUnavailableException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code qiuth} command. Exit codes: 0 success (a 2xx answer for {@code request}), 1 another
 * HTTP status or an unexpected failure, 2 a usage or credential error, 3 a connection failure (a
 * server, or the key database for {@code qiuth keys}).
 *
 * <pre>{@code
 * int code = QiuthCli.commandLine(CliEnvironment.system()).execute("totp", "--help");
 * }</pre>
 */
public final class QiuthCli {
    public static final int OK = 0;
    public static final int HTTP_ERROR = 1;
    public static final int USAGE = 2;
    public static final int CONNECTION = 3;

    private QiuthCli() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: the QR code is drawn with Unicode half blocks
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        CommandLine cli = commandLine(CliEnvironment.system());
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The command line, ready to {@code execute}; set its out and err writers to capture output. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine cli = new CommandLine(new QiuthCommand(environment));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // --data @file is curl's syntax, not a picocli argument file
        cli.setExpandAtFiles(false);
        cli.setExecutionExceptionHandler(QiuthCli::failure);
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> underKeys(e.getCommandLine()) ? oneLine(e) : usage.handleParseException(e, args));
        return cli;
    }

    /** {@code qiuth keys} runs in scripts: a usage error is one line naming the help to read, not the whole usage. */
    private static boolean underKeys(CommandLine cmd) {
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            if (c.getCommandSpec().userObject() instanceof KeysCommand) {
                return true;
            }
        }
        return false;
    }

    private static int oneLine(CommandLine.ParameterException e) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("qiuth: " + e.getMessage().replaceAll("\\s+", " ").strip() + " (see: "
                + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return USAGE;
    }

    /** One clear line on stderr, never a stack trace, and the exit code for the kind of failure. */
    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code;
        String message;
        if (e instanceof CommandLine.ParameterException p) {
            if (underKeys(p.getCommandLine())) {
                return oneLine(p);
            }
            err.println("qiuth: " + p.getMessage());
            p.getCommandLine().usage(err);
            err.flush();
            return USAGE;
        }
        if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
            code = USAGE;
            message = e.getMessage();
        } else if (e instanceof StoreUnavailableException) {
            // the key database: its messages name the failure, never the connection string
            code = CONNECTION;
            message = e.getMessage();
        } else if (e instanceof IllegalStateException) {
            code = HTTP_ERROR;
            message = e.getMessage();
        } else if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            code = CONNECTION;
            message = "cannot connect: " + describe(e);
        } else if (e instanceof HttpTimeoutException) {
            code = CONNECTION;
            message = "no answer in time: " + describe(e);
        } else if (e instanceof IOException) {
            code = CONNECTION;
            message = "connection failed: " + describe(e);
        } else {
            code = HTTP_ERROR;
            message = "unexpected " + describe(e);
        }
        err.println("qiuth: " + message);
        err.flush();
        return code;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
