package dev.qiuth.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --prefix} of a generated API key ({@code generate}, {@code keys add}, {@code keys rotate}). */
final class ApiKeyPrefix {
    private ApiKeyPrefix() {
    }

    /** @throws ParameterException (a usage error) unless up to 32 letters, digits, {@code _} and {@code -} */
    static void check(CommandSpec spec, String prefix) {
        if (!prefix.matches("[A-Za-z0-9_-]{0,32}")) {
            throw new ParameterException(spec.commandLine(), "--prefix may hold up to 32 letters, digits, _ and -");
        }
    }
}
