package dev.qiuth.cli;

import dev.qiuth.Json;
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
        return Json.quote(s);
    }
}
