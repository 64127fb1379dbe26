package dev.qiuth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads one parameter from a raw query string. */
final class QueryParameter {
    private QueryParameter() {
    }

    static List<String> values(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    out.add(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    out.add("");
                }
            }
        }
        return out;
    }
}
