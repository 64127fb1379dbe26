package dev.qiuth;

/**
 * The one JSON string quoter of the project: the engine's principal and problem bodies, and the
 * CLI's output.
 *
 * <pre>{@code
 * Json.quote("a\"b");   // "\"a\\\"b\""
 * }</pre>
 */
public final class Json {
    private Json() {
    }

    /** The string as a JSON string literal, quotes included; control characters and U+2028/9 escaped. */
    public static String quote(String s) {
        return appendQuoted(new StringBuilder(s.length() + 2), s).toString();
    }

    /** Appends the string as a JSON string literal, as {@link #quote} returns it; returns {@code sb}. */
    public static StringBuilder appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        int plain = 0; // s[plain, i) needs no escape: appended in one call
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            sb.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append(s, plain, s.length()).append('"');
    }
}
