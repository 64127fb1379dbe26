package dev.qiuth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A secret read from standard input ({@code -}), which keeps it out of the shell history. */
final class StdinLine {
    private StdinLine() {
    }

    static String read(InputStream stdin, String what) {
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new IllegalArgumentException("no " + what + " on standard input");
            }
            return line.strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " from standard input");
        }
    }
}
