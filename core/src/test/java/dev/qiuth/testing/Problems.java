package dev.qiuth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.ErrorCode;
import java.util.Locale;
import java.util.Map;

/** Assertions on a denial: the code, and a response exactly as PROTOCOL.md describes it. */
public final class Problems {
    private Problems() {
    }

    /**
     * Asserts that the decision is a denial showing {@code shown}, with the protocol's status,
     * headers (problem+json, no-store, {@code WWW-Authenticate} on 401 only, {@code Retry-After}
     * on 429 only, nothing else) and a body of exactly type, title, status, code, correlationId.
     */
    public static Decision.Denied assertDenied(Decision decision, ErrorCode shown) {
        assertThat(decision).as("decision").isInstanceOf(Decision.Denied.class);
        Decision.Denied denied = (Decision.Denied) decision;
        assertThat(denied.code()).as("code shown to the client").isEqualTo(shown);
        assertWellFormed(denied);
        return denied;
    }

    /** Asserts the code the engine logged (which minimal disclosure hides from the client). */
    public static Decision.Denied assertDenied(Decision decision, ErrorCode shown, ErrorCode reason) {
        Decision.Denied denied = assertDenied(decision, shown);
        assertThat(denied.reason()).as("reason").isEqualTo(reason);
        return denied;
    }

    /** Every denial, whatever its code, carries a response of this shape. */
    public static void assertWellFormed(Decision.Denied denied) {
        ErrorCode code = denied.code();
        DenialResponse response = denied.response();
        assertThat(response.status()).as("status").isEqualTo(code.status()).isEqualTo(denied.status());
        Map<String, String> headers = response.headers();
        assertThat(headers).containsEntry("Content-Type", "application/problem+json")
                .containsEntry("Cache-Control", "no-store");
        int expectedHeaders = 2;
        if (response.status() == 401) {
            assertThat(headers.get("WWW-Authenticate")).as("WWW-Authenticate").matches("ApiKey realm=\"[^\"\\\\]+\"");
            expectedHeaders++;
        } else {
            assertThat(headers).as("WWW-Authenticate only on 401").doesNotContainKey("WWW-Authenticate");
        }
        if (response.status() == 429) {
            assertThat(headers.get("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
            expectedHeaders++;
        } else {
            assertThat(headers).as("Retry-After only on 429").doesNotContainKey("Retry-After");
        }
        if (response.status() == 400 || response.status() == 413) {
            assertThat(headers).as("Connection on 400 and 413").containsEntry("Connection", "close");
            expectedHeaders++;
        } else {
            assertThat(headers).as("Connection only on 400 and 413").doesNotContainKey("Connection");
        }
        if (response.status() == 405) {
            assertThat(headers.get("Allow")).as("Allow").isEqualTo("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            expectedHeaders++;
        } else {
            assertThat(headers).as("Allow only on 405").doesNotContainKey("Allow");
        }
        assertThat(headers).as("no other header").hasSize(expectedHeaders);

        Map<String, String> body = FlatJson.parse(response.bodyText());
        assertThat(body.keySet()).as("problem body fields").containsExactly("type", "title", "status", "code", "correlationId");
        assertThat(body.get("type")).isEqualTo("urn:qiuth:error:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        assertThat(body.get("title")).isEqualTo(code.title()).isNotBlank();
        assertThat(body.get("status")).isEqualTo(Integer.toString(code.status()));
        assertThat(body.get("code")).isEqualTo(code.name());
        assertThat(body.get("correlationId")).isEqualTo(denied.correlationId()).matches("[0-9a-f]{16}");
    }

    /** Asserts that no part of the response repeats any of these request values. */
    public static void assertRepeatsNothingOf(Decision.Denied denied, String... requestValues) {
        String everything = denied.response().headers() + " " + denied.response().bodyText();
        for (String value : requestValues) {
            assertThat(everything).as("response repeats a request value").doesNotContain(value);
        }
    }
}
