package dev.qiuth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The requests {@link QiuthFilter} lets through without a key: regular expressions matched against
 * the whole path within the context, optionally for one HTTP method only. Immutable.
 *
 * <p>An entry is {@code REGEX} (every method) or {@code METHOD REGEX}. The path matched is the
 * decoded, normalized one the container routes on ({@code getServletPath() + getPathInfo()}), so
 * {@code /health} is not also reached as {@code /%68ealth} or {@code /api/../health} by a
 * pattern and a router that disagree.
 *
 * <pre>{@code
 * ExcludedPaths open = ExcludedPaths.of("GET /health", "/public/.*");
 * open.matches("GET", "/health");      // true
 * open.matches("POST", "/health");     // false
 * ExcludedPaths.parse("GET /health\n/public/.*");   // one entry per line or comma
 * }</pre>
 */
public final class ExcludedPaths {
    private static final ExcludedPaths NONE = new ExcludedPaths(List.of());
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    private final List<Entry> entries;

    private ExcludedPaths(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Nothing excluded: every request is judged. */
    public static ExcludedPaths none() {
        return NONE;
    }

    /**
     * @throws IllegalArgumentException naming an entry that is not a valid regular expression
     */
    public static ExcludedPaths of(String... entries) {
        return of(List.of(entries));
    }

    public static ExcludedPaths of(Collection<String> entries) {
        List<Entry> parsed = new ArrayList<>(entries.size());
        for (String e : entries) {
            parsed.add(Entry.parse(e));
        }
        return new ExcludedPaths(parsed);
    }

    /**
     * Reads entries separated by newlines or commas, as written in a {@code web.xml} init-param;
     * a comma inside a regex quantifier such as {@code \d{1,3}} stays part of the regex. Blank
     * entries are skipped; {@code null} means none.
     */
    public static ExcludedPaths parse(String text) {
        if (text == null) {
            return NONE;
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int braces = 0;
        for (char c : text.toCharArray()) {
            braces += c == '{' ? 1 : c == '}' && braces > 0 ? -1 : 0;
            if (c == '\n' || c == '\r' || (c == ',' && braces == 0)) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return of(out.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** These entries followed by the other's. */
    public ExcludedPaths and(ExcludedPaths other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new ExcludedPaths(all);
    }

    /** Whether this request is let through unjudged, by its method and its path within the context. */
    boolean matches(HttpServletRequest request) {
        String info = request.getPathInfo();
        return matches(request.getMethod(), info == null ? request.getServletPath() : request.getServletPath() + info);
    }

    /** Whether a request with this method and path within the context is let through unjudged. */
    public boolean matches(String method, String path) {
        for (Entry e : entries) {
            if ((e.method == null || e.method.equals(method))
                    && (e.literal != null ? e.literal.equals(path) : e.path.matcher(path).matches())) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String toString() {
        return "ExcludedPaths" + entries;
    }

    /** @param literal the path itself when the pattern has no regex syntax: compared, not matched */
    private record Entry(String method, Pattern path, String literal) {
        static Entry parse(String text) {
            String s = text == null ? "" : text.trim();
            String method = null;
            int space = s.indexOf(' ');
            if (space > 0 && METHOD.matcher(s.substring(0, space)).matches()) {
                method = s.substring(0, space);
                s = s.substring(space + 1).trim();
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException("excluded path entry '" + text + "' has no path pattern");
            }
            try {
                Pattern pattern = Pattern.compile(s);
                return new Entry(method, pattern, s.chars().anyMatch(c -> "\\[](){}.*+?^$|".indexOf(c) >= 0) ? null : s);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("excluded path entry '" + text + "' is not a valid regex: "
                        + e.getDescription());
            }
        }

        @Override
        public String toString() {
            return (method == null ? "" : method + " ") + path.pattern();
        }
    }
}
