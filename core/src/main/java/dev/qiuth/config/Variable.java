package dev.qiuth.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting's value and where it came from: a {@code QIUTH_*} variable read by {@link #read}, or
 * a value given in code under a label such as {@code "API key"}. The value is trimmed. The one
 * reader of {@code QIUTH_*} values: {@link EnvironmentConfig} on the server and the client's
 * {@code QiuthCredentials} read through it, so that a variable means the same on both sides, and
 * every error names the variable, never its value. {@link #toString()} shows the name only.
 *
 * <pre>{@code
 * Optional<Variable> secret = Variable.read(System.getenv(), "QIUTH_HMAC_SECRET");
 * HmacConfig hmac = secret.orElseThrow().decode(HmacConfig::of);  // "QIUTH_HMAC_SECRET: ..." when wrong
 * }</pre>
 *
 * @param name  the variable's name ({@code QIUTH_X}, or {@code QIUTH_X_FILE} when the value was
 *              read from the file that variable names), or the label of a value given in code
 * @param value the value, without surrounding whitespace
 */
public record Variable(String name, String value) {
    /** Appended to a variable's name, names a file holding its value (for container secrets). */
    public static final String FILE_SUFFIX = "_FILE";
    /** Ten years: longer durations are mistakes, and far longer ones overflow milliseconds. */
    static final long MAX_SECONDS = 10L * 366 * 24 * 3600;

    public Variable {
        Objects.requireNonNull(name, "name");
        value = Objects.requireNonNull(value, "value").trim();
    }

    /**
     * Reads variable {@code name} of {@code env}, or else the file named by {@code name_FILE}.
     *
     * @return empty when neither is set, or set to blank text
     * @throws IllegalArgumentException when both are set, or the file cannot be read; the message
     *                                  names the variable and the file, never a value
     */
    public static Optional<Variable> read(Map<String, String> env, String name) {
        String value = env.get(name);
        String file = env.get(name + FILE_SUFFIX);
        boolean hasValue = value != null && !value.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasValue && hasFile) {
            throw new IllegalArgumentException("set only one of " + name + " and " + name + FILE_SUFFIX);
        }
        if (hasValue) {
            return Optional.of(new Variable(name, value));
        }
        if (!hasFile) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(file.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(name + FILE_SUFFIX + ": not a file name");
        }
        Variable fromFile = ofFile(name + FILE_SUFFIX, path);
        return fromFile.value().isEmpty() ? Optional.empty() : Optional.of(fromFile);
    }

    /**
     * The content of a file (UTF-8), as the value named {@code name}.
     *
     * @throws IllegalArgumentException naming {@code name} and the file when it cannot be read
     */
    public static Variable ofFile(String name, Path file) {
        try {
            return new Variable(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(name + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Decodes the value; an {@code IllegalArgumentException} of the decoder gets the variable's
     * name in front of its message (the decoders of core never quote the value).
     */
    public <T> T decode(Function<String, T> decoder) {
        try {
            return decoder.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    /** The value as a whole number. */
    public long wholeNumber() {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    /** The value as a number of seconds: positive, and at most ten years. */
    public long positiveSeconds() {
        long n = wholeNumber();
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        if (n > MAX_SECONDS) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_SECONDS + " seconds");
        }
        return n;
    }

    @Override
    public String toString() {
        return "Variable[" + name + "]";
    }
}
