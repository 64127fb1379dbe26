package dev.qiuth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * What the engine sees of an HTTP request: built by an adapter from its framework's request.
 * Immutable; no framework type enters it.
 *
 * <p>The URL the client signed is rebuilt from {@code scheme}, the {@code Host} header as
 * received ({@code host} and {@code port}), and the raw, still percent-encoded path and query.
 * The body is the exact bytes received, already bounded by the adapter.
 *
 * <pre>{@code
 * RequestView view = RequestView.builder()
 *         .method("POST").scheme("http").hostHeader("localhost:8080")
 *         .rawPath("/api/echo").rawQuery("x=1")
 *         .headers(headers).remoteAddress("127.0.0.1").body(bytes)
 *         .build();
 * }</pre>
 */
public final class RequestView {
    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String scheme;
    private final String host;
    private final int port;
    private final String rawPath;
    private final String rawQuery;
    private final Headers headers;
    private final String remoteAddress;
    private final byte[] body;
    private final List<X509Certificate> clientCertificates;

    private RequestView(Builder b) {
        this.method = b.method;
        this.scheme = b.scheme;
        this.host = b.host;
        this.port = b.port;
        this.rawPath = b.rawPath;
        this.rawQuery = b.rawQuery;
        this.headers = b.headers;
        this.remoteAddress = b.remoteAddress;
        this.body = b.body;
        this.clientCertificates = b.clientCertificates;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String method() {
        return method;
    }

    /** {@code http} or {@code https}, lower case. */
    public String scheme() {
        return scheme;
    }

    /** The host part of the {@code Host} header as received (IPv6 in brackets); empty when absent. */
    public String host() {
        return host;
    }

    /** The port written in the {@code Host} header, or -1 when it had none. */
    public int port() {
        return port;
    }

    /** The path as sent on the wire, percent-encoding kept. */
    public String rawPath() {
        return rawPath;
    }

    /** The query as sent on the wire without {@code ?}, or {@code null} when there was none. */
    public String rawQuery() {
        return rawQuery;
    }

    public Headers headers() {
        return headers;
    }

    /** The socket peer's address as the server reports it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The body bytes (the array itself, for speed: do not change it). */
    public byte[] body() {
        return body;
    }

    /** TLS client certificates, when the connection had them. */
    public List<X509Certificate> clientCertificates() {
        return clientCertificates;
    }

    /** The request URL as the client signed it: {@code scheme://host[:port]/path[?query]}. */
    public String url() {
        StringBuilder sb = new StringBuilder(scheme.length() + host.length() + rawPath.length() + 16)
                .append(scheme).append("://").append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        sb.append(rawPath);
        if (rawQuery != null) {
            sb.append('?').append(rawQuery);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "RequestView[" + method + " " + scheme + "://" + host + (port >= 0 ? ":" + port : "") + rawPath
                + ", body " + body.length + " bytes]";
    }

    /** Builds a {@link RequestView}; method, scheme and path are required. */
    public static final class Builder {
        private String method;
        private String scheme = "http";
        private String host = "";
        private int port = -1;
        private String rawPath = "/";
        private String rawQuery;
        private Headers headers = Headers.empty();
        private String remoteAddress = "";
        private byte[] body = NO_BODY;
        private List<X509Certificate> clientCertificates = List.of();

        private Builder() {
        }

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder scheme(String scheme) {
            this.scheme = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder host(String host) {
            this.host = host == null ? "" : host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets host and port from a {@code Host} header value exactly as received:
         * {@code example.com}, {@code example.com:8080}, {@code [::1]:8080}.
         */
        public Builder hostHeader(String hostHeader) {
            String h = hostHeader == null ? "" : hostHeader.trim();
            int colon = h.lastIndexOf(':');
            int bracket = h.lastIndexOf(']');
            if (colon > bracket && colon > 0 && isDigits(h, colon + 1)) {
                this.host = h.substring(0, colon);
                this.port = Integer.parseInt(h.substring(colon + 1));
            } else {
                this.host = h;
                this.port = -1;
            }
            return this;
        }

        private static boolean isDigits(String s, int from) {
            if (from >= s.length() || s.length() - from > 5) {
                return false;
            }
            for (int i = from; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
            return this;
        }

        /** The raw query without {@code ?}; {@code null} when the request had no {@code ?}. */
        public Builder rawQuery(String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        public Builder headers(Headers headers) {
            this.headers = headers == null ? Headers.empty() : headers;
            return this;
        }

        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
            return this;
        }

        /** The body bytes as received (kept, not copied); {@code null} for none. */
        public Builder body(byte[] body) {
            this.body = body == null ? NO_BODY : body;
            return this;
        }

        public Builder clientCertificates(List<X509Certificate> certificates) {
            this.clientCertificates = certificates == null ? List.of() : List.copyOf(certificates);
            return this;
        }

        /** @throws IllegalArgumentException when the method is missing */
        public RequestView build() {
            if (method == null || method.isEmpty()) {
                throw new IllegalArgumentException("request method is required");
            }
            return new RequestView(this);
        }
    }
}
