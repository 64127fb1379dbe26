package dev.qiuth.client.testserver;

import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.generate.CredentialGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API key per factor combination, with fresh random secrets for each test run, and the
 * engine that protects the test server with them.
 */
public final class TestKeys {
    /** The factor combinations a client must pass. */
    public enum Combination {
        KEY_ONLY, IP, TOTP, RSA, HMAC, ALL;

        boolean totp() {
            return this == TOTP || this == ALL;
        }

        boolean rsa() {
            return this == RSA || this == ALL;
        }

        boolean hmac() {
            return this == HMAC || this == ALL;
        }

        boolean ip() {
            return this == IP || this == ALL;
        }
    }

    private static final CredentialGenerator GENERATOR = new CredentialGenerator();
    public static final String TOTP_SECRET = GENERATOR.totpSecret();
    public static final String HMAC_SECRET = GENERATOR.hmacSecret();
    private static final CredentialGenerator.PemKeyPair RSA = GENERATOR.rsaKeyPair(2048);
    public static final String PRIVATE_KEY_PEM = RSA.privateKeyPem();
    public static final String PUBLIC_KEY_PEM = RSA.publicKeyPem();
    /** A key whose allowlist does not hold the loopback address. */
    public static final String IP_DENIED_KEY = GENERATOR.apiKey("sk_test_");
    private static final Map<Combination, String> KEYS = new EnumMap<>(Combination.class);

    static {
        for (Combination c : Combination.values()) {
            KEYS.put(c, GENERATOR.apiKey("sk_test_"));
        }
    }

    private TestKeys() {
    }

    public static String apiKey(Combination c) {
        return KEYS.get(c);
    }

    /** What a client needs for a combination. */
    public static QiuthCredentials credentials(Combination c) {
        return QiuthCredentials.fromEnvironment(env(c));
    }

    /** The {@code QIUTH_*} variables a client needs for a combination. */
    public static Map<String, String> env(Combination c) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(QiuthCredentials.API_KEY, apiKey(c));
        if (c.totp()) {
            env.put(QiuthCredentials.TOTP_SECRET, TOTP_SECRET);
        }
        if (c.hmac()) {
            env.put(QiuthCredentials.HMAC_SECRET, HMAC_SECRET);
        }
        if (c.rsa()) {
            env.put(QiuthCredentials.PRIVATE_KEY, PRIVATE_KEY_PEM);
        }
        return env;
    }

    /** Every secret of this run, for asserting that none reached a log. */
    public static List<String> secrets() {
        List<String> all = new ArrayList<>(KEYS.values());
        all.add(IP_DENIED_KEY);
        all.add(TOTP_SECRET);
        all.add(HMAC_SECRET);
        // a line of the PEM body is enough to recognise the private key
        all.add(PRIVATE_KEY_PEM.split("\n")[3]);
        return all;
    }

    /** The engine protecting the test server, on the given clock. */
    public static Qiuth qiuth(Clock clock) {
        List<KeyPolicy> policies = new ArrayList<>();
        for (Combination c : Combination.values()) {
            KeyPolicy.Builder b = KeyPolicy.builder().id(c.name().toLowerCase().replace('_', '-')).apiKey(apiKey(c));
            if (c.ip()) {
                b.ipAllowlist("127.0.0.1/32", "::1");
            }
            if (c.totp()) {
                b.totp(TOTP_SECRET);
            }
            if (c.rsa()) {
                b.certificate(PUBLIC_KEY_PEM);
            }
            if (c.hmac()) {
                b.hmac(HMAC_SECRET);
            }
            policies.add(b.build());
        }
        policies.add(KeyPolicy.builder().id("ip-denied").apiKey(IP_DENIED_KEY).ipAllowlist("10.0.0.0/8").build());
        return Qiuth.builder().clock(clock).keys(policies).build();
    }
}
