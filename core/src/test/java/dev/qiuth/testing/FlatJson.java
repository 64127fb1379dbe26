package dev.qiuth.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader of flat JSON objects ({@code {"a":"x","b":1}}), enough to prove a problem body
 * is well formed without trusting the code that wrote it. Numbers are returned as their text.
 */
public final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** @throws IllegalArgumentException when the text is not one flat JSON object */
    public static Map<String, String> parse(String json) {
        return new FlatJson(json).object();
    }

    private Map<String, String> object() {
        Map<String, String> out = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            i++;
        } else {
            while (true) {
                String key = string();
                expect(':');
                String value = peek() == '"' ? string() : number();
                if (out.put(key, value) != null) {
                    throw fail("duplicate key " + key);
                }
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw fail("expected , or }");
                }
            }
        }
        if (i != s.length()) {
            throw fail("text after the object");
        }
        return out;
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw fail("control character in string");
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw fail("bad escape");
                }
            } else {
                sb.append(c);
            }
        }
    }

    private String number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw fail("expected a string or a number");
        }
        return s.substring(start, i);
    }

    private void expect(char c) {
        if (next() != c) {
            throw fail("expected '" + c + "'");
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw fail("unexpected end");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(why + " at " + i + " in " + s);
    }
}
