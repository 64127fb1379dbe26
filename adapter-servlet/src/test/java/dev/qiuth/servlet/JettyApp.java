package dev.qiuth.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A real Jetty 12 server on a random loopback port, the test servlets behind Qiuth filters. */
final class JettyApp implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context = new ServletContextHandler("/");

    private JettyApp() {
        server = new Server(new QueuedThreadPool(24, 4));
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
    }

    /** Starts the test servlets behind {@code filter} on {@code /*}, declared with these init-params. */
    static JettyApp start(Filter filter, Map<String, String> initParams) throws Exception {
        return start(filter, initParams, "/*");
    }

    /** As {@link #start(Filter, Map)}, with the filter mapped to these URL patterns. */
    static JettyApp start(Filter filter, Map<String, String> initParams, String... mappings) throws Exception {
        JettyApp app = new JettyApp();
        app.add(filter, initParams, mappings);
        return app.started();
    }

    /** Several filters on {@code /*}, in this order. */
    static JettyApp startChained(Filter... filters) throws Exception {
        JettyApp app = new JettyApp();
        for (Filter f : filters) {
            app.add(f, Map.of(), "/*");
        }
        return app.started();
    }

    private void add(Filter filter, Map<String, String> initParams, String... mappings) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        holder.setInitParameters(initParams);
        for (String mapping : mappings) {
            context.addFilter(holder, mapping, EnumSet.of(DispatcherType.REQUEST));
        }
    }

    private JettyApp started() throws Exception {
        context.addServlet(TestServlets.Health.class, "/health");
        context.addServlet(TestServlets.Health.class, "/public/*");
        context.addServlet(TestServlets.Hello.class, "/api/hello");
        context.addServlet(TestServlets.Hello.class, "/api/hello/*");
        context.addServlet(TestServlets.Echo.class, "/api/echo");
        context.addServlet(TestServlets.EchoText.class, "/api/echo-text");
        ServletHolder async = new ServletHolder(TestServlets.EchoAsync.class);
        async.setAsyncSupported(true);
        context.addServlet(async, "/api/echo-async");
        context.addServlet(TestServlets.Form.class, "/api/form");
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        return this;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** {@code http://localhost:PORT}, as a client would type it (and sign it). */
    URI baseUri() {
        return URI.create("http://localhost:" + port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
