package dev.qiuth.store.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code metadata} column as PostgreSQL prints a jsonb object of strings
 * ({@code {"env": "prod"}}): a flat object whose values are all strings, the only shape the store
 * writes ({@code jsonb_object(text[], text[])}). Parsing here saves two set-returning subqueries
 * on every lookup.
 */
final class MetadataJson {
    private final String text;
    private int at;

    private MetadataJson(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException when the text is not a flat object of strings */
    static Map<String, String> parse(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        MetadataJson p = new MetadataJson(text);
        p.expect('{');
        if (p.peek() == '}') {
            p.at++;
        } else {
            do {
                String key = p.string();
                p.expect(':');
                map.put(key, p.string());
            } while (p.next() == ',');
            p.at--;
            p.expect('}');
        }
        p.skipSpace();
        if (p.at != text.length()) {
            throw p.malformed();
        }
        return map;
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw malformed();
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw malformed();
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw malformed();
                    }
                    try {
                        sb.append((char) Integer.parseInt(text, at, at + 4, 16));
                    } catch (NumberFormatException ex) {
                        throw malformed();
                    }
                    at += 4;
                }
                default -> throw malformed();
            }
        }
    }

    private char next() {
        skipSpace();
        if (at >= text.length()) {
            throw malformed();
        }
        return text.charAt(at++);
    }

    private char peek() {
        skipSpace();
        if (at >= text.length()) {
            throw malformed();
        }
        return text.charAt(at);
    }

    private void expect(char c) {
        if (next() != c) {
            throw malformed();
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException malformed() {
        // the position only: the text is the key's metadata, shown to no one by accident
        return new IllegalArgumentException("metadata is not a flat JSON object of strings (at character " + at + ")");
    }
}
