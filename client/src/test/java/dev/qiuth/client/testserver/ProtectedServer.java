package dev.qiuth.client.testserver;

import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real HTTP server (embedded Jetty 12, ee10 servlets) on a random loopback port, protected by
 * the Qiuth engine. Remembers every request it saw, as the engine saw it.
 *
 * <pre>{@code
 * try (ProtectedServer server = ProtectedServer.start(TestKeys.qiuth(clock))) {
 *     client.get(server.url("/echo"));
 * }
 * }</pre>
 */
public final class ProtectedServer implements AutoCloseable {
    private final Server jetty;
    private final int port;
    private final List<RequestView> seen;

    private ProtectedServer(Server jetty, int port, List<RequestView> seen) {
        this.jetty = jetty;
        this.port = port;
        this.seen = seen;
    }

    public static ProtectedServer start(Qiuth qiuth) {
        List<RequestView> seen = new CopyOnWriteArrayList<>();
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new QiuthTestFilter(qiuth, seen::add)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("test server did not start", e);
        }
        return new ProtectedServer(jetty, connector.getLocalPort(), seen);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String url(String pathAndQuery) {
        return baseUrl() + pathAndQuery;
    }

    /** Every request that reached the server, in order. */
    public List<RequestView> seen() {
        return seen;
    }

    /** The last request that reached the server. */
    public RequestView last() {
        return seen.get(seen.size() - 1);
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("test server did not stop", e);
        }
    }
}
