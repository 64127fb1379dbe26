package dev.qiuth.cli;

import dev.qiuth.Json;
import java.util.List;
import java.util.Map;

/** Writes the few JSON objects the commands print: strings, numbers, nested objects and lists; 2-space indent. */
final class JsonText {
    private JsonText() {
    }

    static String write(Map<String, ?> object) {
        StringBuilder sb = new StringBuilder();
        write(sb, object, "");
        return sb.toString();
    }

    /** A JSON array of values (objects, strings, numbers). */
    static String write(List<?> array) {
        StringBuilder sb = new StringBuilder();
        value(sb, array, "");
        return sb.toString();
    }

    private static void write(StringBuilder sb, Map<String, ?> object, String indent) {
        sb.append("{\n");
        String inner = indent + "  ";
        int i = 0;
        for (Map.Entry<String, ?> e : object.entrySet()) {
            sb.append(inner).append(quote(e.getKey())).append(": ");
            value(sb, e.getValue(), inner);
            sb.append(++i < object.size() ? ",\n" : "\n");
        }
        sb.append(indent).append('}');
    }

    private static void value(StringBuilder sb, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) m;
            write(sb, nested, indent);
        } else if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            String inner = indent + "  ";
            for (int i = 0; i < list.size(); i++) {
                sb.append(inner);
                value(sb, list.get(i), inner);
                sb.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v == null) {
            sb.append("null");
        } else {
            sb.append(quote(v.toString()));
        }
    }

    static String quote(String s) {
        return Json.quote(s);
    }
}
