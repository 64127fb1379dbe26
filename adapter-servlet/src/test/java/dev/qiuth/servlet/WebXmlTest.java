package dev.qiuth.servlet;

import static dev.qiuth.servlet.QiuthFilterTest.request;
import static dev.qiuth.servlet.QiuthFilterTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import io.restassured.response.Response;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The filter declared in a real {@code WEB-INF/web.xml}, read by Jetty's {@link WebAppContext}:
 * init-params {@code exclude} and {@code qiuth-attribute}, the engine from the servlet context.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebXmlTest {
    private static final CredentialGenerator GEN = new CredentialGenerator();
    private static final String KEY = GEN.apiKey("t_webxml_");
    private static final String HMAC_SECRET = GEN.hmacSecret();
    static final Qiuth ENGINE = Qiuth.builder()
            .keys(KeyPolicy.builder().id("webxml").apiKey(KEY).hmac(HMAC_SECRET).build()).realm("webxml").build();

    private Server server;
    private ServerConnector connector;

    /** Declared in the web.xml: how an application hands its engine to a declared filter. */
    public static final class EngineListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            event.getServletContext().setAttribute("test.qiuth", ENGINE);
        }
    }

    @BeforeAll
    void start() throws Exception {
        server = new Server(new QueuedThreadPool(16, 2));
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext(Path.of("src/test/resources/webxml-app").toAbsolutePath().toString(), "/");
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void signedRequestIsGrantedByTheEngineFromTheServletContext() {
        String url = base() + "/api/echo?webxml=1";
        byte[] body = "{\"from\":\"web.xml\"}".getBytes(StandardCharsets.UTF_8);
        Response r = send(signer().sign("POST", url, body), "POST", url, body, "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(body);
    }

    @Test
    void unsignedRequestIsRefusedWithTheEnginesRealm() {
        Response r = request().header(QiuthHeaders.API_KEY, KEY).get(base() + "/api/hello");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("code")).isEqualTo("MISSING_HMAC");
        assertThat(r.header("WWW-Authenticate")).isEqualTo("ApiKey realm=\"webxml\"");
    }

    @Test
    void initParamExclusionsApplyPerLineWithBracesKept() {
        request().get(base() + "/health").then().statusCode(200);
        assertThat(request().put(base() + "/health").statusCode()).isEqualTo(401);
        request().get(base() + "/public/docs").then().statusCode(200);
        assertThat(request().get(base() + "/public/toolongname").statusCode()).isEqualTo(401);
    }

    private String base() {
        return "http://localhost:" + connector.getLocalPort();
    }

    private static RequestSigner signer() {
        return RequestSigner.builder().apiKey(KEY).hmacSecret(HMAC_SECRET).build();
    }
}
