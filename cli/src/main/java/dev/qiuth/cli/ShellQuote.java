package dev.qiuth.cli;

/** Quotes a word for a POSIX shell: inside single quotes, nothing is special but the quote itself. */
final class ShellQuote {
    private ShellQuote() {
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
