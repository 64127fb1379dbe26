package dev.qiuth.jaxrs;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * A real Jersey application in Jetty's servlet container, on a free loopback port: the runtime
 * where JAX-RS requests can be suspended ({@code AsyncResponse}, {@code CompletionStage}).
 */
final class JettyJerseyServer implements AutoCloseable {
    /**
     * Servlet request attributes are JAX-RS request properties, so this is all a servlet
     * container needs for {@link RemoteAddressResolver#standard()}.
     */
    static final Filter PEER_ATTRIBUTE = (request, response, chain) -> {
        request.setAttribute(RemoteAddressResolver.PROPERTY, request.getRemoteAddr());
        chain.doFilter(request, response);
    };

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    JettyJerseyServer(ResourceConfig app) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(PEER_ATTRIBUTE), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder jersey = new ServletHolder(new ServletContainer(app));
        jersey.setAsyncSupported(true);
        context.addServlet(jersey, "/*");
        server.setHandler(context);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://localhost:" + connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
