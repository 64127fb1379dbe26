package dev.qiuth.ip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which peers may tell us the client's address, and how to find it.
 *
 * <p>The client address is the socket peer unless the peer is a trusted proxy. Then the
 * forwarding chain ({@code X-Forwarded-For} or RFC 7239 {@code Forwarded}) is walked from the
 * right, skipping trusted proxies; the first address that is not one is the client. The leftmost
 * entry is written by the client and is used only when every hop is trusted. An entry that is
 * not an address ({@code unknown}, an obfuscated name, garbage) ends the walk with no client
 * address, which no allowlist admits. So does a request that carries both headers: a proxy
 * writes one of them, the client may have written the other, and nothing tells which is which.
 *
 * <pre>{@code
 * TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8");
 * proxies.clientAddress("10.0.0.2", List.of("198.51.100.7, 10.0.0.9"), List.of());  // 198.51.100.7
 * }</pre>
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of(), false);
    private static final TrustedProxies ONE_HOP = new TrustedProxies(List.of(), true);

    private final List<CidrRange> proxies;
    private final boolean oneHop;

    private TrustedProxies(List<CidrRange> proxies, boolean oneHop) {
        this.proxies = List.copyOf(proxies);
        this.oneHop = oneHop;
    }

    /** Trust no proxy: the client is always the socket peer. The default. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Trust exactly one hop, whatever its address: the client is the rightmost
     * {@code X-Forwarded-For} entry (the Node library's {@code trustProxy: true}). Use it only
     * when every request reaches the server through one proxy that overwrites or appends to
     * that header.
     */
    public static TrustedProxies oneHop() {
        return ONE_HOP;
    }

    /**
     * Trust the peers inside these ranges.
     *
     * @throws IllegalArgumentException for an empty list or a bad range
     */
    public static TrustedProxies of(Collection<String> ranges) {
        if (ranges == null || ranges.isEmpty()) {
            throw new IllegalArgumentException("trusted proxies must name at least one address or range");
        }
        List<CidrRange> parsed = new ArrayList<>();
        for (String r : ranges) {
            parsed.add(CidrRange.parse(r));
        }
        return new TrustedProxies(parsed, false);
    }

    public static TrustedProxies of(String... ranges) {
        return of(List.of(ranges));
    }

    /** Whether forwarding headers sent by this peer are believed. */
    public boolean trusts(IpAddress peer) {
        if (peer == null) {
            return false;
        }
        if (oneHop) {
            return true;
        }
        for (CidrRange range : proxies) {
            if (range.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this peer is inside the configured ranges: never in {@link #oneHop()} mode, which
     * cannot tell a proxy from a client. Only such a peer is believed about the public host
     * ({@code X-Forwarded-Host}).
     */
    public boolean isListedProxy(IpAddress peer) {
        return !oneHop && trusts(peer);
    }

    /**
     * The client's address, or {@code null} when it cannot be known.
     *
     * @param peer          the socket peer as the server reports it
     * @param xForwardedFor every {@code X-Forwarded-For} header value, in order
     * @param forwarded     every {@code Forwarded} header value, in order
     */
    public IpAddress clientAddress(String peer, List<String> xForwardedFor, List<String> forwarded) {
        return clientAddress(IpAddress.tryParsePeer(peer), xForwardedFor, forwarded);
    }

    /** As {@link #clientAddress(String, List, List)} with the peer already parsed ({@code null} if it was not an address). */
    public IpAddress clientAddress(IpAddress peerAddress, List<String> xForwardedFor, List<String> forwarded) {
        if (peerAddress == null || !trusts(peerAddress)) {
            return peerAddress;
        }
        if (!xForwardedFor.isEmpty() && !forwarded.isEmpty()) {
            return null;
        }
        List<String> chain = !xForwardedFor.isEmpty() ? split(xForwardedFor) : forwardedFor(forwarded);
        if (chain.isEmpty()) {
            return peerAddress;
        }
        if (oneHop) {
            return parseHop(chain.get(chain.size() - 1));
        }
        IpAddress hop = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            hop = parseHop(chain.get(i));
            if (hop == null || !trusts(hop)) {
                return hop;
            }
        }
        return hop;
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** The {@code for=} values of RFC 7239 elements, quotes removed, in order. */
    private static List<String> forwardedFor(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String element : split(values)) {
            String found = "";
            for (String pair : element.split(";", -1)) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                    found = pair.substring(eq + 1).trim();
                    if (found.length() >= 2 && found.startsWith("\"") && found.endsWith("\"")) {
                        found = found.substring(1, found.length() - 1);
                    }
                }
            }
            out.add(found);
        }
        return out;
    }

    /** One hop: an address, {@code [v6]}, {@code [v6]:port} or {@code v4:port}. */
    static IpAddress parseHop(String hop) {
        String s = hop.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            String after = s.substring(close + 1);
            if (!after.isEmpty() && !isPort(after)) {
                return null;
            }
            return IpAddress.tryParse(s.substring(1, close));
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':') && s.indexOf('.') >= 0) {
            if (!isPort(s.substring(colon))) {
                return null;
            }
            s = s.substring(0, colon);
        }
        return IpAddress.tryParse(s);
    }

    private static boolean isPort(String s) {
        if (s.length() < 2 || s.length() > 6 || s.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return oneHop ? "TrustedProxies[one hop]" : "TrustedProxies" + proxies;
    }
}
