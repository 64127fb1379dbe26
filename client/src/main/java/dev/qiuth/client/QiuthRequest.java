package dev.qiuth.client;

import dev.qiuth.QiuthHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request for {@link QiuthClient}: method, path (appended to the base URL) or absolute URL,
 * headers, and the exact body bytes that are signed and sent. Immutable.
 *
 * <pre>{@code
 * QiuthRequest r = QiuthRequest.builder("POST", "/orders?draft=true")
 *         .header("Accept", "application/json")
 *         .json("{\"sku\":\"A-1\",\"qty\":2}")
 *         .build();
 * HttpResponse<String> response = client.send(r);
 * }</pre>
 */
public final class QiuthRequest {
    private static final Set<String> SIGNER_HEADERS = Set.of(
            QiuthHeaders.API_KEY, QiuthHeaders.TOTP_TOKEN, QiuthHeaders.TIMESTAMP,
            QiuthHeaders.SIGNATURE, QiuthHeaders.HMAC_SIGNATURE).stream()
            .map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String target;
    private final Map<String, String> headers;
    private final byte[] body;

    private QiuthRequest(Builder b) {
        this.method = b.method;
        this.target = b.target;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.body = b.body;
    }

    /** @param target a path such as {@code /orders?x=1}, or an absolute {@code http(s)://} URL */
    public static Builder builder(String method, String target) {
        return new Builder(method, target);
    }

    public String method() {
        return method;
    }

    public String target() {
        return target;
    }

    /** Headers by name as given; a name is held once whatever its case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body bytes (a copy); empty for none. */
    public byte[] body() {
        return body.clone();
    }

    byte[] bodyBytes() {
        return body;
    }

    /** Whether a header name is one the signer sets, which a caller may not. */
    static boolean isSignerHeader(String name) {
        return SIGNER_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        // the target may carry a query with something private in it: the path alone
        int q = target.indexOf('?');
        return "QiuthRequest[" + method + " " + (q >= 0 ? target.substring(0, q) + "?…" : target)
                + ", body " + body.length + " bytes]";
    }

    /** Builds a {@link QiuthRequest}. */
    public static final class Builder {
        private final String method;
        private final String target;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = NO_BODY;

        private Builder(String method, String target) {
            if (method == null || !method.matches("[A-Za-z]+")) {
                throw new IllegalArgumentException("HTTP method must be letters only, got '" + method + "'");
            }
            if (target == null || target.isEmpty()) {
                throw new IllegalArgumentException("request path or URL is missing");
            }
            this.method = method.toUpperCase(Locale.ROOT);
            this.target = target;
        }

        /**
         * Sets a header, replacing one of the same name.
         *
         * @throws IllegalArgumentException for a header the signer sets ({@code X-API-Key} and the others)
         */
        public Builder header(String name, String value) {
            if (name == null || value == null) {
                throw new IllegalArgumentException("header name and value are required");
            }
            if (isSignerHeader(name)) {
                throw new IllegalArgumentException(name + " is set by the signer, not by the caller");
            }
            headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> all) {
            all.forEach(this::header);
            return this;
        }

        /** The exact body bytes. */
        public Builder body(byte[] bytes) {
            this.body = bytes == null ? NO_BODY : bytes.clone();
            return this;
        }

        /** A body and its {@code Content-Type}. */
        public Builder body(byte[] bytes, String contentType) {
            return body(bytes).header("Content-Type", contentType);
        }

        /** A text body sent as UTF-8. */
        public Builder body(String text, String contentType) {
            return body(text == null ? null : text.getBytes(StandardCharsets.UTF_8), contentType);
        }

        /** A JSON body, UTF-8, {@code Content-Type: application/json}. */
        public Builder json(String json) {
            return body(json, "application/json");
        }

        public QiuthRequest build() {
            return new QiuthRequest(this);
        }
    }
}
