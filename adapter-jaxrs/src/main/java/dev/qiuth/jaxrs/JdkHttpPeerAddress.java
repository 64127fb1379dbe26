package dev.qiuth.jaxrs;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Makes the socket peer known to {@link QiuthFilter} when JAX-RS runs on the JDK's
 * {@code com.sun.net.httpserver} (Jersey's {@code jersey-container-jdk-http}), which passes no
 * peer address on to JAX-RS. Add it to the context that serves the application; the
 * {@linkplain RemoteAddressResolver#standard() standard resolver} then reads it.
 *
 * <p>It binds the address to the thread for the duration of the exchange: the JDK server runs
 * the handler, and Jersey its request filters, on that thread. A request whose {@code Host}
 * header Jersey cannot parse gets a plain {@code 400} instead of a dropped connection.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * HttpHandler jersey = ContainerFactory.createContainer(HttpHandler.class, app);
 * server.createContext("/", jersey).getFilters().add(new JdkHttpPeerAddress());
 * }</pre>
 */
public final class JdkHttpPeerAddress extends Filter {
    /** The socket peer of the exchange this thread handles. */
    static final ThreadLocal<String> BOUND_PEER = new ThreadLocal<>();

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        BOUND_PEER.set(exchange.getRemoteAddress().getAddress().getHostAddress());
        try {
            chain.doFilter(exchange);
        } catch (IllegalArgumentException e) {
            // Jersey's container throws for a Host header it cannot make a URI of (empty, a space),
            // before any JAX-RS filter runs; the JDK server would then drop the connection unanswered
            if (exchange.getResponseCode() != -1) {
                throw e;
            }
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        } finally {
            // pooled threads serve other exchanges next: never leave an address behind
            BOUND_PEER.remove();
        }
    }

    @Override
    public String description() {
        return "binds the socket peer's address for QiuthFilter; 400 for a Host header Jersey cannot parse";
    }
}
