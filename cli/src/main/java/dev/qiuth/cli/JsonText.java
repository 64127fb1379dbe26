package dev.qiuth.cli;

import java.util.Map;

/** Writes the few JSON objects the commands print: strings, numbers, nested objects; 2-space indent. */
final class JsonText {
    private JsonText() {
    }

    static String write(Map<String, ?> object) {
        StringBuilder sb = new StringBuilder();
        write(sb, object, "");
        return sb.toString();
    }

    private static void write(StringBuilder sb, Map<String, ?> object, String indent) {
        sb.append("{\n");
        String inner = indent + "  ";
        int i = 0;
        for (Map.Entry<String, ?> e : object.entrySet()) {
            sb.append(inner).append(quote(e.getKey())).append(": ");
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                write(sb, nested, inner);
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else if (v == null) {
                sb.append("null");
            } else {
                sb.append(quote(v.toString()));
            }
            sb.append(++i < object.size() ? ",\n" : "\n");
        }
        sb.append(indent).append('}');
    }

    static String quote(String s) {
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
                    if (c < 0x20) {
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
