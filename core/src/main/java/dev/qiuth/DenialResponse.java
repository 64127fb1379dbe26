package dev.qiuth;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A finished HTTP response for a refused request: the status, the headers (including
 * {@code Content-Type: application/problem+json}) and the body bytes. Adapters copy it out as
 * it is.
 */
public record DenialResponse(int status, Map<String, String> headers, byte[] body) {
    public DenialResponse {
        headers = Map.copyOf(headers);
    }

    /** The body as text, for tests and logs of the response shape. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DenialResponse[" + status + " " + headers + " " + bodyText() + "]";
    }
}
