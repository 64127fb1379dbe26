package dev.qiuth.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.signature.RequestSigner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The consumer proof: this app only depends on the adapter's jar, as any application does. Had
 * Quarkus skipped the jar's beans (no {@code META-INF/beans.xml}), the API would answer 200 here.
 */
@QuarkusTest
@TestProfile(ExampleKeyProfile.class)
class ExampleApiTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void unauthenticatedRequestToTheApiGets401() {
        Response r = given().get(base.resolve("/api/hello"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).isEqualTo("MISSING_API_KEY");
        assertThat(given().post(base.resolve("/api/echo")).statusCode()).isEqualTo(401);
    }

    @Test
    void healthIsOpen() {
        given().get(base.resolve("/health")).then().statusCode(200);
    }

    @Test
    void signedRequestsReachTheApi() {
        RequestSigner signer = RequestSigner.builder().apiKey(ExampleKeyProfile.API_KEY)
                .hmacSecret(ExampleKeyProfile.HMAC_SECRET).build();
        String hello = base.resolve("/api/hello").toString();
        Response r = given().headers(signer.sign("GET", hello, (byte[]) null)).get(hello);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("factors")).containsExactly("API_KEY", "HMAC");

        byte[] body = "{\"hello\":\"wörld\"}".getBytes(StandardCharsets.UTF_8);
        String echo = base.resolve("/api/echo").toString();
        Map<String, String> headers = signer.sign("POST", echo, body);
        Response echoed = given().headers(headers).contentType("application/json").body(body).post(echo);
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.asByteArray()).isEqualTo(body);
    }
}
