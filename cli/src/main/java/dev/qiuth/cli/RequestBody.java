package dev.qiuth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code --data} value as curl reads it: text, {@code @file} for a file's exact bytes, or
 * {@code @-} for standard input.
 *
 * @param bytes the body
 * @param file  the file it came from, or null
 */
record RequestBody(byte[] bytes, Path file) {
    static RequestBody parse(String data, InputStream stdin) {
        if (data == null) {
            return new RequestBody(null, null);
        }
        if (data.equals("@-")) {
            try {
                return new RequestBody(stdin.readAllBytes(), null);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the body from standard input");
            }
        }
        if (data.startsWith("@")) {
            Path file = Path.of(data.substring(1));
            try {
                return new RequestBody(Files.readAllBytes(file), file.toAbsolutePath());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the body file " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new RequestBody(data.getBytes(StandardCharsets.UTF_8), null);
    }
}
