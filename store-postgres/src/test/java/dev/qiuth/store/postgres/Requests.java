package dev.qiuth.store.postgres;

import dev.qiuth.Headers;
import dev.qiuth.RequestView;
import dev.qiuth.signature.RequestSigner;
import java.net.URI;
import java.util.Map;

/** Requests as an adapter would hand them to the engine, signed by the client side of the protocol. */
final class Requests {
    static final String URL = "http://api.example.com/orders?limit=5";

    private Requests() {
    }

    static RequestView signed(RequestSigner signer, String peer) {
        return signed(signer, peer, URL);
    }

    /** A GET of {@code url}: a distinct URL makes a distinct signature when the clock stands still. */
    static RequestView signed(RequestSigner signer, String peer, String url) {
        return signed(signer, peer, url, Map.of());
    }

    private static RequestView signed(RequestSigner signer, String peer, String url, Map<String, String> extraHeaders) {
        URI uri = URI.create(url);
        Map<String, String> protocolHeaders = signer.sign("GET", url, new byte[0]);
        Headers.Builder h = Headers.builder().add("Host", uri.getRawAuthority());
        protocolHeaders.forEach(h::add);
        extraHeaders.forEach(h::add);
        return RequestView.builder().method("GET").scheme(uri.getScheme()).hostHeader(uri.getRawAuthority())
                .rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery()).headers(h.build()).remoteAddress(peer)
                .body(new byte[0]).build();
    }

    static RequestView withKey(String apiKey, String peer) {
        return signed(RequestSigner.builder().apiKey(apiKey).build(), peer);
    }

    /** A request through a proxy at {@code peer} that sent this {@code X-Forwarded-For} value. */
    static RequestView forwarded(String apiKey, String peer, String xForwardedFor) {
        return signed(RequestSigner.builder().apiKey(apiKey).build(), peer, URL, Map.of("X-Forwarded-For", xForwardedFor));
    }
}
