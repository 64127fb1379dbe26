package dev.qiuth.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .env} file: {@code NAME=value} lines, as {@code qiuth generate --format env}
 * writes them and the Node library reads them. Blank lines and {@code #} comments are skipped, an
 * {@code export } prefix is allowed, and a value may be wrapped in double or single quotes.
 * Escapes such as {@code \n} are kept as they are: a PEM's {@code \n} escapes are undone by the
 * PEM reader itself.
 *
 * <pre>{@code
 * Map<String, String> vars = EnvFile.read(Path.of(".env"));
 * QiuthCredentials c = QiuthCredentials.builder().environment(vars).build();
 * }</pre>
 */
public final class EnvFile {
    private EnvFile() {
    }

    /**
     * @throws IllegalArgumentException when the file cannot be read or a line is malformed; the
     *                                  message gives the line number, never the line
     */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read env file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return parse(lines, file.toString());
    }

    /** Parses the lines of an env file; {@code name} appears in error messages. */
    public static Map<String, String> parse(List<String> lines, String name) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq).strip() : "";
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected NAME=value");
            }
            vars.put(key, unquote(line.substring(eq + 1).strip(), name, i + 1));
        }
        return vars;
    }

    private static String unquote(String value, String name, int lineNumber) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        if (first == '"' || first == '\'') {
            int end = value.indexOf(first, 1);
            if (end < 0) {
                throw new IllegalArgumentException(name + " line " + lineNumber + ": quote not closed");
            }
            return value.substring(1, end);
        }
        int comment = value.indexOf(" #");
        return comment >= 0 ? value.substring(0, comment).strip() : value;
    }
}
