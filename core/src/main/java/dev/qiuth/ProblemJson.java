package dev.qiuth;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a denial as an RFC 9457 problem+json response. */
final class ProblemJson {
    static final String CONTENT_TYPE = "application/problem+json";
    /** What a protected path answers: every method but {@code TRACE} (and {@code CONNECT}, which is no request for a path). */
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private ProblemJson() {
    }

    static DenialResponse render(ErrorCode code, String correlationId, String realm, long retryAfterSeconds) {
        String json = "{\"type\":\"" + code.type() + "\",\"title\":\"" + code.title() + "\",\"status\":" + code.status()
                + ",\"code\":\"" + code.name() + "\",\"correlationId\":\"" + correlationId + "\"}";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Cache-Control", "no-store");
        if (code.status() == 401) {
            headers.put("WWW-Authenticate", "ApiKey realm=\"" + realm + "\"");
        }
        if (code == ErrorCode.METHOD_NOT_ALLOWED) {
            headers.put("Allow", ALLOWED_METHODS);
        }
        if (code == ErrorCode.MALFORMED_REQUEST || code == ErrorCode.BODY_TOO_LARGE) {
            // the body was not read to its end, or its end cannot be trusted: no next request on this connection
            headers.put("Connection", "close");
        }
        if (retryAfterSeconds > 0) {
            headers.put("Retry-After", Long.toString(retryAfterSeconds));
        }
        return new DenialResponse(code.status(), headers, json.getBytes(StandardCharsets.UTF_8));
    }
}
