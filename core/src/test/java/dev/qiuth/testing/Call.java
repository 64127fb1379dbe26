package dev.qiuth.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.qiuth.Headers;
import dev.qiuth.RequestView;
import dev.qiuth.signature.RequestSigner;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as a test describes it: method, URL, body, socket peer and headers (a header may
 * be repeated), turned into the {@link RequestView} an adapter would build.
 *
 * <pre>{@code
 * RequestView v = Call.post("http://api.example.com/orders").body("{}").from("203.0.113.7")
 *         .signedBy(signer).remove("X-TOTP-Token").view();
 * }</pre>
 */
public final class Call {
    private final String method;
    private final String url;
    private byte[] body = new byte[0];
    private String peer = "203.0.113.7";
    private String host;
    private String scheme;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private Call(String method, String url) {
        this.method = method;
        this.url = url;
        this.host = URI.create(url).getRawAuthority();
        this.scheme = URI.create(url).getScheme();
    }

    public static Call get(String url) {
        return new Call("GET", url);
    }

    public static Call post(String url) {
        return new Call("POST", url);
    }

    public static Call of(String method, String url) {
        return new Call(method, url);
    }

    public Call body(String text) {
        return body(text.getBytes(UTF_8));
    }

    public Call body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    /** The socket peer. */
    public Call from(String peer) {
        this.peer = peer;
        return this;
    }

    /** The Host header as received, when it is not the URL's authority. */
    public Call host(String host) {
        this.host = host;
        return this;
    }

    /** The scheme the server sees, when it is not the URL's (behind a TLS-terminating proxy). */
    public Call scheme(String scheme) {
        this.scheme = scheme;
        return this;
    }

    /** The same headers, body and peer, sent as another method to another URL (Host from that URL). */
    public Call resend(String otherMethod, String otherUrl) {
        Call copy = new Call(otherMethod, otherUrl).body(body).from(peer);
        headers.forEach((name, values) -> values.forEach(v -> copy.header(name, v)));
        return copy;
    }

    /** Adds the headers the signer makes for this method, URL and body (as they are now). */
    public Call signedBy(RequestSigner signer) {
        signer.sign(method, url, body).forEach(this::header);
        return this;
    }

    /** Adds a value (repeats the header when it is already there). */
    public Call header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Replaces every value of a header. */
    public Call set(String name, String value) {
        remove(name);
        return header(name, value);
    }

    public Call remove(String name) {
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        return this;
    }

    /** The first value of a header as it stands. */
    public String headerValue(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /** Sends the body as it is now while the signature covers the body given before. */
    public Call tamperBody(String text) {
        this.body = text.getBytes(UTF_8);
        return this;
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    public byte[] bodyBytes() {
        return body;
    }

    /** Every header as sent, for a failure message. */
    public String describe() {
        return method + " " + url + " (Host " + host + ", scheme " + scheme + ") from " + peer + " headers " + headers
                + " body " + body.length + " bytes";
    }

    public RequestView view() {
        return builder().body(body).build();
    }

    /** The view an adapter builds from its framework's body stream and declared length. */
    public RequestView streamedView(java.io.InputStream stream, long declaredLength) {
        return builder().body(stream, declaredLength).build();
    }

    private RequestView.Builder builder() {
        URI uri = URI.create(url);
        Headers.Builder h = Headers.builder();
        if (host != null) {
            h.add("Host", host);
        }
        headers.forEach((name, values) -> values.forEach(v -> h.add(name, v)));
        return RequestView.builder().method(method).scheme(scheme).hostHeader(host)
                .rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery()).headers(h.build())
                .remoteAddress(peer);
    }
}
