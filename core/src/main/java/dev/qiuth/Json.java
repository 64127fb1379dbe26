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
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
