package dev.qiuth;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * What the engine sees of an HTTP request: built by an adapter from its framework's request,
 * exactly as it was on the wire. No framework type enters it, and the adapter decides nothing:
 * it hands over the method, the {@code Host} authority, the raw target, every header value as
 * received and the body, and the engine judges them (framing, body limit, factors).
 *
 * <p>The URL the client signed is rebuilt from {@code scheme}, the {@code Host} header exactly
 * as received, and the raw, still percent-encoded path and query. The body is either bytes the
 * framework already buffered, or the framework's stream and declared length, which the engine
 * reads once, within its limit.
 *
 * <pre>{@code
 * RequestView view = RequestView.builder()
 *         .method("POST").scheme("http").hostHeader("localhost:8080")
 *         .rawPath("/api/echo").rawQuery("x=1")
 *         .headers(headers).remoteAddress("127.0.0.1")
 *         .body(request.getInputStream(), request.getContentLengthLong())
 *         .build();
 * }</pre>
 */
public final class RequestView {
    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String scheme;
    private final String authority;
    private final String rawPath;
    private final String rawQuery;
    private final Headers headers;
    private final String remoteAddress;
    private final InputStream bodyStream;
    private final long declaredLength;
    private final String protocol;
    private final List<X509Certificate> clientCertificates;
    // read once by the engine from bodyStream, or given as bytes; then only read
    private byte[] body;

    private RequestView(Builder b) {
        this.method = b.method;
        this.scheme = b.scheme;
        this.authority = b.authority;
        this.rawPath = b.rawPath;
        this.rawQuery = b.rawQuery;
        this.headers = b.headers;
        this.remoteAddress = b.remoteAddress;
        this.bodyStream = b.bodyStream;
        this.declaredLength = b.declaredLength;
        this.protocol = b.protocol;
        this.body = b.body;
        this.clientCertificates = b.clientCertificates;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The method as on the wire (a {@code HEAD} stays {@code HEAD}). */
    public String method() {
        return method;
    }

    /** {@code http} or {@code https}, lower case. */
    public String scheme() {
        return scheme;
    }

    /** The {@code Host} header exactly as received ({@code h}, {@code h:8080}, {@code [::1]:80}); empty when absent. */
    public String authority() {
        return authority;
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

    /**
     * The body bytes as received (the array itself, for speed: do not change it). For a view
     * built from a stream, the bytes the engine read while judging it; a granted decision
     * carries the same bytes in {@link Decision.Granted#body()}.
     *
     * @throws IllegalStateException for a streamed body the engine has not read
     */
    public byte[] body() {
        if (body == null) {
            throw new IllegalStateException("the body stream is read by Qiuth.authenticate");
        }
        return body;
    }

    /** TLS client certificates, when the connection had them. */
    public List<X509Certificate> clientCertificates() {
        return clientCertificates;
    }

    /** The request URL as the client signed it: {@code scheme://authority/path[?query]}. */
    public String url() {
        StringBuilder sb = new StringBuilder(scheme.length() + authority.length() + rawPath.length() + 16)
                .append(scheme).append("://").append(authority).append(rawPath);
        if (rawQuery != null) {
            sb.append('?').append(rawQuery);
        }
        return sb.toString();
    }

    /** The protocol of the request line, or {@code null} when the adapter did not say. */
    String protocol() {
        return protocol;
    }

    long declaredLength() {
        return declaredLength;
    }

    /**
     * Reads a streamed body once, refusing to read past {@code limit}: the engine's body limit,
     * the one place it is enforced. A view built with bytes answers them (also checked against
     * the limit).
     */
    BodyRead readBody(int limit) {
        if (body != null) {
            return body.length > limit ? BodyRead.TOO_LARGE : BodyRead.READ;
        }
        if (declaredLength > limit) {
            return BodyRead.TOO_LARGE;
        }
        try {
            body = declaredLength == 0 || RequestFraming.hasNoBody(this) ? NO_BODY : BoundedBody.read(bodyStream, limit);
            return BodyRead.READ;
        } catch (BoundedBody.TooLargeException | BodyOverLimitException e) {
            return BodyRead.TOO_LARGE;
        } catch (IOException | RuntimeException e) {
            // whatever the server throws for a body it cannot deliver (a broken chunk, a reset): unreadable
            return BodyRead.UNREADABLE;
        }
    }

    /**
     * What a body stream throws when its server stopped reading at a limit of its own (Javalin's
     * {@code maxRequestSize}, say): the body is too large, not broken.
     */
    public static final class BodyOverLimitException extends IOException {
        public BodyOverLimitException() {
            super("body over the server's own limit");
        }
    }

    /** What reading the body came to. */
    enum BodyRead { READ, TOO_LARGE, UNREADABLE }

    @Override
    public String toString() {
        return "RequestView[" + method + " " + scheme + "://" + authority + rawPath + "]";
    }

    /** Builds a {@link RequestView}; the method is required. */
    public static final class Builder {
        private String method;
        private String scheme = "http";
        private String authority = "";
        private String rawPath = "/";
        private String rawQuery;
        private Headers headers = Headers.empty();
        private String remoteAddress = "";
        private InputStream bodyStream;
        private long declaredLength = -1;
        private String protocol;
        private byte[] body = NO_BODY;
        private List<X509Certificate> clientCertificates = List.of();

        private Builder() {
        }

        /** The method as on the wire, not as the framework routes it. */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder scheme(String scheme) {
            this.scheme = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * The {@code Host} header value exactly as received: {@code example.com},
         * {@code example.com:8080}, {@code [::1]:8080}. It is signed as it is: {@code h:080}
         * stays {@code h:080}. Every {@code Host} line must also be among the {@link #headers}
         * so the engine can refuse a request that has two.
         */
        public Builder hostHeader(String hostHeader) {
            this.authority = hostHeader == null ? "" : hostHeader;
            return this;
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

        /** Every header line as received, repeated names included. */
        public Builder headers(Headers headers) {
            this.headers = headers == null ? Headers.empty() : headers;
            return this;
        }

        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
            return this;
        }

        /** Body bytes the framework already buffered, as received (kept, not copied); {@code null} for none. */
        public Builder body(byte[] body) {
            this.body = body == null ? NO_BODY : body;
            this.bodyStream = null;
            this.declaredLength = -1;
            return this;
        }

        /**
         * The framework's body stream, for the engine to read within its limit: a declared
         * length over the limit is refused unread (413), a stream that fails (a broken chunk) is
         * a 400.
         *
         * @param declaredLength the {@code Content-Length}, or -1 when none was sent
         */
        public Builder body(InputStream stream, long declaredLength) {
            this.bodyStream = stream == null ? InputStream.nullInputStream() : stream;
            this.declaredLength = declaredLength;
            this.body = null;
            return this;
        }

        /**
         * The protocol of the request line ({@code HTTP/1.1}), when the server tells it: an
         * HTTP/1.x request with neither {@code Content-Length} nor {@code Transfer-Encoding} has
         * no body (RFC 9112 §6.3), so the engine does not read its stream. Unset, it reads.
         */
        public Builder protocol(String protocol) {
            this.protocol = protocol;
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
