package dev.qiuth.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL written exactly as an HTTP client puts it on the wire, which is what a request must be
 * signed over: the server rebuilds the signed URL from the {@code Host} header it receives and the
 * raw request-target.
 *
 * <p>The JDK {@code HttpClient} (and curl) leave the default port out of {@code Host}, send
 * {@code /} for an empty path, drop an empty {@code ?}, percent-encode non-ASCII characters as
 * UTF-8 and never send a fragment. {@link #of(String)} applies the same rules, so that the string
 * signed and the string sent are one:
 *
 * <pre>{@code
 * WireUrl.of("HTTP://api.example.com:80/caf\u00e9?")   // "http://api.example.com/caf%C3%A9"
 * }</pre>
 */
public final class WireUrl {
    private WireUrl() {
    }

    /**
     * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host; the
     *                                  message gives the position, never the URL (a query may hold a secret)
     */
    public static String of(String url) {
        if (url == null) {
            throw new IllegalArgumentException("URL is missing");
        }
        try {
            return of(new URI(url));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("URL is not valid: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    /** @see #of(String) */
    public static String of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> throw new IllegalArgumentException("URL must start with http:// or https://");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL must not carry a user name or password");
        }
        URI ascii = URI.create(uri.toASCIIString());
        StringBuilder sb = new StringBuilder(scheme).append("://").append(uri.getHost());
        int port = uri.getPort();
        if (port != -1 && port != defaultPort) {
            sb.append(':').append(port);
        }
        String path = ascii.getRawPath();
        sb.append(path == null || path.isEmpty() ? "/" : path);
        String query = ascii.getRawQuery();
        if (query != null && !query.isEmpty()) {
            sb.append('?').append(query);
        }
        return sb.toString();
    }
}
