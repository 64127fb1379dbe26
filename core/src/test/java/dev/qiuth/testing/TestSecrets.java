package dev.qiuth.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the tests hand to core (API keys, TOTP and HMAC secrets, private keys,
 * signatures), so that {@code LogHygieneTest} can prove none of them reached a log line.
 * Register a secret where it is created: {@code String key = TestSecrets.register("sk_...")}.
 */
public final class TestSecrets {
    /** Shorter strings could turn up in a log line by chance (digits of a timestamp, say). */
    public static final int MIN_LENGTH = 12;

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private TestSecrets() {
    }

    /** Remembers a secret and returns it. */
    public static String register(String secret) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("register secrets of " + MIN_LENGTH + "+ chars only");
        }
        SECRETS.add(secret);
        return secret;
    }

    /** Remembers a PEM: each base64 line of it, since a log line could hold part of the key. */
    public static String registerPem(String pem) {
        for (String line : pem.replace("\\n", "\n").split("\n")) {
            if (!line.startsWith("-----") && line.length() >= MIN_LENGTH) {
                SECRETS.add(line.trim());
            }
        }
        return pem;
    }

    public static List<String> all() {
        return List.copyOf(SECRETS);
    }
}
