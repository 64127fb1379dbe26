package dev.qiuth.quarkus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.signature.RequestSigner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@code qiuth.minimal-disclosure} and {@code qiuth.allowed-hosts}, end to end. */
@QuarkusTest
@TestProfile(HardenedProfile.class)
class HardenedSettingsTest {
    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "qiuth.api-key")
    String apiKey;

    @ConfigProperty(name = "qiuth.hmac-secret")
    String hmacSecret;

    @Test
    void validKeyWithAWrongHmacGetsTheSingleCodeUnauthorized() {
        String url = base.resolve("/api/hello?wrong=1").toString();
        Map<String, String> headers = signer().sign("GET", url, (byte[]) null);
        String mac = headers.get(QiuthHeaders.HMAC_SIGNATURE);
        String flipped = (mac.charAt(0) == 'A' ? "B" : "A") + mac.substring(1); // still well-formed, no longer the MAC
        Response r = given().urlEncodingEnabled(false).headers(headers)
                .header(QiuthHeaders.HMAC_SIGNATURE, flipped).get(url);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).isEqualTo("UNAUTHORIZED"); // INVALID_HMAC without the setting
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("ApiKey realm=\"quarkus-test\"");
    }

    @Test
    void requestSignedForAnAllowedHostIsGrantedAndOneSignedForAnyOtherIsNot() {
        String path = "/api/hello?host=1";
        Map<String, String> forAllowed = signer().sign("GET", "http://" + HardenedProfile.HOST + path, (byte[]) null);
        Response granted = given().urlEncodingEnabled(false).headers(forAllowed)
                .header("Host", HardenedProfile.HOST).get(base.resolve(path).toString());
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(granted.jsonPath().getList("factors")).contains("HMAC");

        String url = base.resolve("/api/hello?host=2").toString(); // localhost:<port>: correctly signed, not allowed
        Response refused = given().urlEncodingEnabled(false).headers(signer().sign("GET", url, (byte[]) null)).get(url);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("UNAUTHORIZED");
    }

    private RequestSigner signer() {
        return RequestSigner.builder().apiKey(apiKey).hmacSecret(hmacSecret).build();
    }
}
