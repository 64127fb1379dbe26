package dev.qiuth.jaxrs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.QiuthPrincipal;
import dev.qiuth.conformance.SocketExchange;
import dev.qiuth.generate.CredentialGenerator;
import io.restassured.response.Response;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the filter adds to the conformance suite: registration styles, security context, peer address, chunked bodies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QiuthFilterTest {
    private static final int LIMIT = 1024;
    private static final CredentialGenerator GENERATOR = new CredentialGenerator();
    private static final String READER_KEY = GENERATOR.apiKey("t_reader_");
    private static final String LOCAL_KEY = GENERATOR.apiKey("t_local_");
    private static final String OFFICE_KEY = GENERATOR.apiKey("t_office_");

    private final Qiuth qiuth = Qiuth.builder()
            .keys(KeyPolicy.builder().id("reader").apiKey(READER_KEY).scopes("read").build(),
                    KeyPolicy.builder().id("local").apiKey(LOCAL_KEY).ipAllowlist("127.0.0.0/8", "::1").build(),
                    KeyPolicy.builder().id("office").apiKey(OFFICE_KEY).ipAllowlist("198.51.100.0/24").build())
            .maxBodyBytes(LIMIT)
            .build();
    private JerseyServer global;
    private JerseyServer bound;

    @BeforeAll
    void start() throws Exception {
        global = JerseyServer.start(new ResourceConfig(Caller.class, Echo.class)
                .register(RolesAllowedDynamicFeature.class).register(new QiuthFilter(qiuth)));
        bound = JerseyServer.start(new ResourceConfig(Mixed.class).register(QiuthFilter.forAnnotated(qiuth)));
    }

    @AfterAll
    void stop() {
        global.close();
        bound.close();
    }

    @Test
    void globalFilterProtectsUnannotatedResourcesAndCopiesTheDenialOut() {
        Response r = given().get(global.baseUri() + "/caller");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("ApiKey realm=\"api\"");
        assertThat(r.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");
    }

    @Test
    void grantSetsSecurityContextAndRequestProperty() {
        Response r = given().header(QiuthHeaders.API_KEY, READER_KEY).get(global.baseUri() + "/caller");
        assertThat(r.statusCode()).isEqualTo(200);
        // user principal | request property | isSecure kept from the container | scheme
        assertThat(r.asString()).isEqualTo("reader|reader|false|ApiKey");
    }

    @Test
    void rolesAllowedSeesTheKeysScopes() {
        given().header(QiuthHeaders.API_KEY, READER_KEY).get(global.baseUri() + "/caller/read").then().statusCode(200);
        given().header(QiuthHeaders.API_KEY, READER_KEY).get(global.baseUri() + "/caller/write").then().statusCode(403);
    }

    @Test
    void nameBoundFilterProtectsOnlyAnnotatedMethods() {
        given().get(bound.baseUri() + "/mixed/open").then().statusCode(200);
        Response closed = given().get(bound.baseUri() + "/mixed/closed");
        assertThat(closed.statusCode()).isEqualTo(401);
        assertThat(closed.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");
        given().header(QiuthHeaders.API_KEY, READER_KEY).get(bound.baseUri() + "/mixed/closed")
                .then().statusCode(200);
    }

    @Test
    void jdkHttpPeerAddressFeedsTheAllowlist() {
        given().header(QiuthHeaders.API_KEY, LOCAL_KEY).get(global.baseUri() + "/caller").then().statusCode(200);
        Response r = given().header(QiuthHeaders.API_KEY, OFFICE_KEY).get(global.baseUri() + "/caller");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("code")).isEqualTo("IP_NOT_ALLOWED");
    }

    @Test
    void unknownPeerAddressFailsClosedForAllowlistedKeys() throws Exception {
        try (JerseyServer blind = JerseyServer.startWithoutPeerAddress(
                new ResourceConfig(Caller.class).register(new QiuthFilter(qiuth)))) {
            Response r = given().header(QiuthHeaders.API_KEY, LOCAL_KEY).get(blind.baseUri() + "/caller");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.jsonPath().getString("code")).isEqualTo("IP_NOT_ALLOWED");
            given().header(QiuthHeaders.API_KEY, READER_KEY).get(blind.baseUri() + "/caller").then().statusCode(200);
        }
    }

    @Test
    void customResolverSuppliesThePeerAddress() throws Exception {
        try (JerseyServer office = JerseyServer.startWithoutPeerAddress(
                new ResourceConfig(Caller.class).register(new QiuthFilter(qiuth, request -> "198.51.100.7")))) {
            given().header(QiuthHeaders.API_KEY, OFFICE_KEY).get(office.baseUri() + "/caller").then().statusCode(200);
            given().header(QiuthHeaders.API_KEY, LOCAL_KEY).get(office.baseUri() + "/caller").then().statusCode(403);
        }
    }

    @Test
    void chunkedBodyWithinTheLimitReachesTheResource() throws Exception {
        byte[] body = new byte[LIMIT];
        Arrays.fill(body, (byte) 'x');
        HttpResponse<byte[]> r = sendChunked(body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        HttpResponse<byte[]> r = sendChunked(new byte[LIMIT + 1]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"BODY_TOO_LARGE\"");
    }

    @Test
    void unreadableChunkedBodyIsTheEnginesMalformedRequest() throws Exception {
        String request = "POST /echo HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + READER_KEY
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n";
        SocketExchange.Reply r = SocketExchange.sendRaw(global.baseUri(), request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.text()).contains("\"code\":\"MALFORMED_REQUEST\"");
    }

    @Test
    void aFilterJerseyInstantiatesItselfTakesItsKeyFromTheEnvironment() throws IOException {
        String key = System.getenv("QIUTH_API_KEY");
        assertThat(key).as("set by surefire (adapter-jaxrs/pom.xml)").isNotBlank();
        try (JerseyServer discovered = JerseyServer.start(new ResourceConfig(Caller.class).register(QiuthFilter.class))) {
            assertThat(given().get(discovered.baseUri() + "/caller").statusCode()).isEqualTo(401);
            Response r = given().header("X-API-Key", key).get(discovered.baseUri() + "/caller");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.asString()).startsWith(dev.qiuth.ApiKeyHash.of(key).shortId() + "|");
        }
    }

    /** Sends a body of unknown length, so the filter cannot rely on Content-Length. */
    private HttpResponse<byte[]> sendChunked(byte[] body) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(global.baseUri() + "/echo"))
                .header(QiuthHeaders.API_KEY, READER_KEY)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Path("/caller")
    public static class Caller {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String caller(@Context SecurityContext security, @Context ContainerRequestContext request) {
            QiuthPrincipal property = (QiuthPrincipal) request.getProperty(Qiuth.PRINCIPAL_ATTRIBUTE);
            return security.getUserPrincipal().getName() + "|" + property.keyId() + "|" + security.isSecure() + "|"
                    + security.getAuthenticationScheme();
        }

        @GET
        @Path("read")
        @RolesAllowed("read")
        public String read() {
            return "read";
        }

        @GET
        @Path("write")
        @RolesAllowed("write")
        public String write() {
            return "written";
        }
    }

    @Path("/echo")
    public static class Echo {
        @POST
        @Produces(MediaType.APPLICATION_OCTET_STREAM)
        public byte[] echo(byte[] body) {
            return body;
        }
    }

    @Path("/mixed")
    public static class Mixed {
        @GET
        @Path("open")
        public String open() {
            return "open";
        }

        @GET
        @Path("closed")
        @QiuthProtected
        public String closed() {
            return "closed";
        }
    }
}
