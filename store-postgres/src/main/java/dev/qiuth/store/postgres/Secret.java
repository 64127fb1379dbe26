package dev.qiuth.store.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret text (an HMAC shared secret) on its way into the store. {@link #toString()} never
 * shows it; the value is read only through {@link #reveal()}.
 *
 * <pre>{@code
 * Secret hmac = Secret.of(generatedSecret);
 * log.info("adding {}", hmac);   // adding Secret[<redacted>]
 * }</pre>
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException for null or empty text */
    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("secret is empty");
        }
        return new Secret(value);
    }

    /** The plain secret; the caller must not log or print it. */
    public String reveal() {
        return value;
    }

    byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(utf8(), other.utf8());
    }

    @Override
    public int hashCode() {
        return value.length();
    }

    @Override
    public String toString() {
        return "Secret[<redacted>]";
    }
}
