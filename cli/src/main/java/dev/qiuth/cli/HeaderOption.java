package dev.qiuth.cli;

import dev.qiuth.QiuthHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code -H 'Name: value'} options, as curl takes them. */
final class HeaderOption {
    /** RFC 9110 token: what a header name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern FIRST_WORD = Pattern.compile("(\\S+)\\s");

    private HeaderOption() {
    }

    /**
     * @throws IllegalArgumentException for a header that is not {@code Name: value}, or one the
     *     signer sets; the message never repeats the argument, which may hold a secret
     *     ({@code -H 'Authorization Bearer ...'} without its colon)
     */
    static Map<String, String> parse(List<String> headers) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? null : h.substring(0, colon).strip();
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("-H takes 'Name: value'; " + problem(h, name));
            }
            if (List.of(QiuthHeaders.API_KEY, QiuthHeaders.TOTP_TOKEN, QiuthHeaders.TIMESTAMP, QiuthHeaders.SIGNATURE,
                    QiuthHeaders.HMAC_SIGNATURE).stream().anyMatch(name::equalsIgnoreCase)) {
                throw new IllegalArgumentException(name + " is set by the signer; give credentials instead");
            }
            parsed.put(name, h.substring(colon + 1).strip());
        }
        return parsed;
    }

    /** What is wrong with a header, naming at most its first word (a value follows a space). */
    private static String problem(String header, String name) {
        if (name != null && name.isEmpty()) {
            return "a header has no name before its colon";
        }
        Matcher first = FIRST_WORD.matcher(header.strip());
        String word = first.lookingAt() && TOKEN.matcher(first.group(1)).matches() ? first.group(1) : null;
        if (word == null) {
            return name == null ? "a header has no colon after its name (not shown: it may hold a secret)"
                    : "a header name is not one word (not shown: it may hold a secret)";
        }
        return name == null ? "the header '" + word + "' has no colon after its name"
                : "the header '" + word + "' has more than its name before the colon";
    }

    static boolean has(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
    }
}
