package dev.qiuth.examples;

/** The four security levels of the guided demo, each served at {@code /api/<id>} with its own key. */
enum GuidedLevel {
    BASIC("basic", "API key only"),
    WITH_IP("with-ip", "API key + IP allowlist (127.0.0.1, ::1)"),
    WITH_TOTP("with-totp", "API key + TOTP code"),
    FULL("full", "API key + IP allowlist + TOTP + RSA signature + HMAC signature");

    private final String id;
    private final String description;

    GuidedLevel(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The key id and the last path segment, e.g. {@code with-totp}. */
    String id() {
        return id;
    }

    String description() {
        return description;
    }

    String path() {
        return "/api/" + id;
    }
}
