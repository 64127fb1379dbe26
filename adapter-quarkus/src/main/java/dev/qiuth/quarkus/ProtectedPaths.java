package dev.qiuth.quarkus;

import java.util.List;

/**
 * Which request paths the filter guards: those matching {@code paths} and none of
 * {@code excludedPaths}. A pattern is an exact path ({@code /health}) or a prefix ending in
 * {@code /*} ({@code /api/*} covers {@code /api} and everything under it; {@code /*} covers all).
 *
 * <p>Paths are compared in the form a router may route them by, so that a path that reaches a
 * protected handler is never judged open: dot segments resolved and unreserved characters decoded
 * (the router's normalized path), then {@code %2F} read as {@code /}, matrix parameters
 * ({@code ;x=1}) dropped, repeated slashes merged and a trailing slash ignored.
 *
 * <pre>{@code
 * ProtectedPaths paths = ProtectedPaths.of(List.of("/api/*"), List.of("/api/status"));
 * paths.protects("/api/orders");   // true
 * paths.protects("/api/status");   // false
 * }</pre>
 */
public final class ProtectedPaths {
    private final List<String> included;
    private final List<String> excluded;

    private ProtectedPaths(List<String> included, List<String> excluded) {
        this.included = included;
        this.excluded = excluded;
    }

    /** @throws IllegalArgumentException naming a pattern that is not {@code /exact} or {@code /prefix/*} */
    public static ProtectedPaths of(List<String> paths, List<String> excludedPaths) {
        return new ProtectedPaths(validated(paths), validated(excludedPaths));
    }

    /** Whether a request to this (router-normalized) path must be authenticated. */
    public boolean protects(String normalizedPath) {
        String path = canonical(normalizedPath == null ? "/" : normalizedPath);
        return matchesAny(included, path) && !matchesAny(excluded, path);
    }

    private static boolean matchesAny(List<String> patterns, String path) {
        for (String pattern : patterns) {
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static String canonical(String path) {
        String p = path.replace("%2F", "/").replace("%2f", "/");
        StringBuilder sb = new StringBuilder(p.length());
        boolean inMatrix = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '/') {
                inMatrix = false;
                if (sb.length() == 0 || sb.charAt(sb.length() - 1) != '/') {
                    sb.append('/');
                }
            } else if (c == ';') {
                inMatrix = true;
            } else if (!inMatrix) {
                sb.append(c);
            }
        }
        if (sb.length() == 0 || sb.charAt(0) != '/') {
            sb.insert(0, '/');
        }
        if (sb.length() > 1 && sb.charAt(sb.length() - 1) == '/') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    private static List<String> validated(List<String> patterns) {
        for (String pattern : patterns) {
            int star = pattern.indexOf('*');
            if (!pattern.startsWith("/") || (star >= 0 && (star != pattern.length() - 1 || !pattern.endsWith("/*")))
                    || (pattern.length() > 1 && pattern.endsWith("/") && star < 0)) {
                throw new IllegalArgumentException("path pattern must be /exact or /prefix/*, got '" + pattern + "'");
            }
        }
        return List.copyOf(patterns);
    }

    @Override
    public String toString() {
        return "ProtectedPaths" + included + (excluded.isEmpty() ? "" : " except " + excluded);
    }
}
