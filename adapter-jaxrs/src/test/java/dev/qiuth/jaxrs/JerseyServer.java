package dev.qiuth.jaxrs;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** A real Jersey application on the JDK HTTP server, on a free loopback port. */
final class JerseyServer implements AutoCloseable {
    private final HttpServer server;
    private final JdkHttpHandlerContainer container;
    private final ExecutorService executor;

    private JerseyServer(ResourceConfig app, boolean bindPeer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        container = ContainerFactory.createContainer(JdkHttpHandlerContainer.class, app);
        HttpContext context = server.createContext("/", container);
        if (bindPeer) {
            context.getFilters().add(new JdkHttpPeerAddress());
        }
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.start();
        container.getApplicationHandler().onStartup(container);
    }

    /** Starts the application with {@link JdkHttpPeerAddress} on its context. */
    static JerseyServer start(ResourceConfig app) throws IOException {
        return new JerseyServer(app, true);
    }

    /** Starts the application without telling JAX-RS the peer address. */
    static JerseyServer startWithoutPeerAddress(ResourceConfig app) throws IOException {
        return new JerseyServer(app, false);
    }

    URI baseUri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        container.getApplicationHandler().onShutdown(container);
        executor.shutdownNow();
    }
}
