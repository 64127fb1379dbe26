package dev.qiuth.ip;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a request's forwarding headers may say, and how far it is believed: the client's
 * address ({@code X-Forwarded-For} / {@code Forwarded}), the public scheme
 * ({@code X-Forwarded-Proto}) and the public host ({@code X-Forwarded-Host}); the one place
 * these rules live (Tomcat's {@code RemoteIpFilter} idea, with CIDR ranges). A key with its own
 * trusted proxies is judged by them in all three.
 *
 * <ul>
 * <li>A peer that is no trusted proxy is believed in nothing: its address is the client, the
 * scheme and {@code Host} are the request's own.
 * <li>A trusted peer is believed about the client address (see {@link TrustedProxies}) and the
 * scheme ({@code http} or {@code https} only).
 * <li>Only a proxy listed by address is believed about the host: in one-hop mode any client
 * could name one.
 * <li>A configured public base URL replaces scheme and host outright.
 * </ul>
 *
 * <pre>{@code
 * Forwarding f = Forwarding.of(TrustedProxies.of("10.0.0.0/8"), null, Set.of());
 * IpAddress client = f.clientAddress(null, peer, headers::all);
 * }</pre>
 */
public final class Forwarding {
    private static final String X_FORWARDED_FOR = "x-forwarded-for";
    private static final String FORWARDED = "forwarded";
    private static final String X_FORWARDED_PROTO = "x-forwarded-proto";
    private static final String X_FORWARDED_HOST = "x-forwarded-host";

    private final TrustedProxies proxies;
    private final URI publicBaseUrl;
    private final Set<String> allowedHosts;

    private Forwarding(TrustedProxies proxies, URI publicBaseUrl, Set<String> allowedHosts) {
        this.proxies = proxies;
        this.publicBaseUrl = publicBaseUrl;
        this.allowedHosts = allowedHosts;
    }

    /**
     * @param proxies       the engine's trusted proxies
     * @param publicBaseUrl {@code scheme://host[:port]} clients sign, or {@code null}
     * @param allowedHosts  the {@code Host} values (lower case) a signed request may name; empty for any
     */
    public static Forwarding of(TrustedProxies proxies, URI publicBaseUrl, Set<String> allowedHosts) {
        return new Forwarding(proxies, publicBaseUrl, Set.copyOf(allowedHosts));
    }

    /** The scheme and authority of the URL the client signed. */
    public record PublicOrigin(String scheme, String authority) {
    }

    /**
     * The client's address, or {@code null} when it cannot be known.
     *
     * @param keyProxies a key's own trusted proxies, or {@code null} for the engine's
     * @param headers    every value of a header by its lower-case name
     */
    public IpAddress clientAddress(TrustedProxies keyProxies, IpAddress peer, Function<String, List<String>> headers) {
        TrustedProxies p = keyProxies != null ? keyProxies : proxies;
        if (peer == null || !p.trusts(peer)) {
            return peer;
        }
        return p.clientAddress(peer, headers.apply(X_FORWARDED_FOR), headers.apply(FORWARDED));
    }

    /**
     * The scheme and authority the client signed, or {@code null} when the host is not one the
     * server accepts (a request signed for another host).
     *
     * @param scheme    the request's own scheme
     * @param authority the {@code Host} exactly as received
     */
    public PublicOrigin publicOrigin(TrustedProxies keyProxies, IpAddress peer, String scheme, String authority,
            Function<String, List<String>> headers) {
        if (publicBaseUrl != null) {
            return new PublicOrigin(publicBaseUrl.getScheme(), publicBaseUrl.getRawAuthority());
        }
        TrustedProxies p = keyProxies != null ? keyProxies : proxies;
        if (p.trusts(peer)) {
            String proto = lastValue(headers.apply(X_FORWARDED_PROTO));
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
        }
        if (p.isListedProxy(peer)) {
            String host = lastValue(headers.apply(X_FORWARDED_HOST));
            if (host != null && !host.isEmpty()) {
                authority = host;
            }
        }
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(authority.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return new PublicOrigin(scheme, authority);
    }

    /** The last entry of a comma-separated, possibly repeated header: the one the nearest proxy wrote. */
    private static String lastValue(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String joined = values.get(values.size() - 1);
        int comma = joined.lastIndexOf(',');
        return (comma >= 0 ? joined.substring(comma + 1) : joined).trim();
    }
}
