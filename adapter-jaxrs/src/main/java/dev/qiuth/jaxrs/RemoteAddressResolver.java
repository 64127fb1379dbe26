package dev.qiuth.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where {@link QiuthFilter} learns the socket peer's address, which JAX-RS does not expose
 * portably. The address feeds the IP allowlist and decides whether {@code X-Forwarded-For} is
 * believed (only from trusted proxies), so it must be the TCP peer, never a header.
 *
 * <p>When no address is known the filter passes none, and every key with an IP allowlist is
 * refused: nothing is let through for want of an address.
 *
 * <pre>{@code
 * // Jersey on the JDK HTTP server: bind the peer with a filter on the context
 * server.createContext("/", jerseyHandler).getFilters().add(new JdkHttpPeerAddress());
 * app.register(new QiuthFilter(qiuth));                    // standard() reads it
 *
 * // a servlet container (Jersey or RESTEasy): servlet attributes are JAX-RS properties,
 * // so a servlet filter sets request.setAttribute(RemoteAddressResolver.PROPERTY, request.getRemoteAddr())
 *
 * // any runtime with its own request object, e.g. Quarkus REST with Vert.x:
 * app.register(new QiuthFilter(qiuth, request -> myPeerLookup(request)));
 * }</pre>
 */
@FunctionalInterface
public interface RemoteAddressResolver {
    /** The request property a container or an earlier filter may set to the peer's address. */
    String PROPERTY = "dev.qiuth.remoteAddress";

    /** The socket peer's IP address as text, or {@code null} when it is not known. */
    String remoteAddress(ContainerRequestContext request);

    /**
     * The request property {@link #PROPERTY} when set (text, {@link InetAddress} or
     * {@link InetSocketAddress}), else the peer bound by {@link JdkHttpPeerAddress} for the
     * thread handling the exchange, else {@code null}.
     */
    static RemoteAddressResolver standard() {
        return request -> {
            String fromProperty = property(PROPERTY).remoteAddress(request);
            return fromProperty != null ? fromProperty : JdkHttpPeerAddress.BOUND_PEER.get();
        };
    }

    /** Reads the address from a request property: text, {@link InetAddress} or {@link InetSocketAddress}. */
    static RemoteAddressResolver property(String name) {
        return request -> {
            Object value = request.getProperty(name);
            if (value instanceof InetSocketAddress socket) {
                value = socket.getAddress() != null ? socket.getAddress() : socket.getHostString();
            }
            if (value instanceof InetAddress address) {
                return address.getHostAddress();
            }
            return value instanceof String text && !text.isEmpty() ? text : null;
        };
    }
}
