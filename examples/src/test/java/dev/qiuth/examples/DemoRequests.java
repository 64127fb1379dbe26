package dev.qiuth.examples;

import static io.restassured.RestAssured.given;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** REST Assured as a Qiuth client uses it: exact bytes, no added charset, URLs as signed. */
final class DemoRequests {
    private DemoRequests() {
    }

    static RequestSpecification request() {
        return given().config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false).redirects().follow(false);
    }

    static Response send(Map<String, String> headers, String method, String url, byte[] body) {
        RequestSpecification spec = request().headers(headers);
        if (body != null) {
            spec = spec.contentType("application/json").body(body);
        }
        return spec.request(method, url);
    }
}
