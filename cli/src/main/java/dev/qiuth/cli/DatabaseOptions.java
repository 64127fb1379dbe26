package dev.qiuth.cli;

import dev.qiuth.config.DatabaseSettings;
import dev.qiuth.config.EnvironmentConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where {@code qiuth keys} finds the database: flags first, then {@code QIUTH_JDBC_URL},
 * {@code QIUTH_JDBC_USER}, {@code QIUTH_JDBC_PASSWORD} and {@code QIUTH_MASTER_KEY}, read by the
 * core's one reader of {@code QIUTH_*} variables. The password is never a flag value (it would
 * stay in the shell history and the process list): it comes from the variable or standard input.
 */
final class DatabaseOptions {
    private static final List<String> VARIABLES = List.of("QIUTH_JDBC_URL", "QIUTH_JDBC_USER",
            "QIUTH_JDBC_PASSWORD", "QIUTH_MASTER_KEY");

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "jdbc:postgresql://HOST:PORT/DATABASE (default: QIUTH_JDBC_URL)")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "database user (default: QIUTH_JDBC_USER)")
    String jdbcUser;

    @Option(names = "--jdbc-password-stdin", description = "read the database password from standard input (default: QIUTH_JDBC_PASSWORD)")
    boolean passwordFromStdin;

    /**
     * @throws IllegalArgumentException naming what is missing or wrong, never a value
     */
    DatabaseSettings settings(CliEnvironment environment) {
        Map<String, String> vars = new HashMap<>();
        // only the database's variables: a client's other QIUTH_* settings are not this command's business
        for (String name : VARIABLES) {
            String value = environment.env().get(name);
            if (value != null) {
                vars.put(name, value);
            }
        }
        if (jdbcUrl != null) {
            vars.put("QIUTH_JDBC_URL", jdbcUrl);
        }
        if (jdbcUser != null) {
            vars.put("QIUTH_JDBC_USER", jdbcUser);
        }
        if (passwordFromStdin) {
            vars.put("QIUTH_JDBC_PASSWORD", StdinLine.read(environment.stdin(), "database password"));
        }
        try {
            return EnvironmentConfig.from(vars).database().orElseThrow(() ->
                    new IllegalArgumentException("no database: pass --jdbc-url or set QIUTH_JDBC_URL"));
        } catch (IllegalArgumentException e) {
            // the reader names the variable; the flag may have been the source
            throw new IllegalArgumentException(jdbcUrl != null
                    ? e.getMessage().replace("QIUTH_JDBC_URL", "--jdbc-url") : e.getMessage());
        }
    }
}
