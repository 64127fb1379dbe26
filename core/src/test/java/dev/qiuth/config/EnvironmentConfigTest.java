package dev.qiuth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.Factor;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.fixture.Call;
import dev.qiuth.fixture.TestKeys;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.ip.IpAddress;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentConfigTest {
    private static final String KEY = TestSecrets.register("sk_test_env_Gd7Ko2Pf5Wq");
    private static final String TOTP = TestSecrets.register("KRUGKIDROVUWG2ZAMJZG653OEBTG66BA");
    private static final String HMAC = TestSecrets.register("3c1f9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d");

    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put("QIUTH_" + pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static KeyPolicy policy(String... pairs) {
        return EnvironmentConfig.from(env(pairs)).policy().orElseThrow();
    }

    /** Asserts the error names the variable and does not contain the value. */
    private static void assertRefused(Map<String, String> env, String variable, String value) {
        assertThatThrownBy(() -> EnvironmentConfig.from(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QIUTH_" + variable)
                .message().doesNotContain(value);
    }

    @Test
    void noVariablesMeanNoKeyAndNoTrustedProxy() {
        EnvironmentConfig c = EnvironmentConfig.from(Map.of("PATH", "/usr/bin"));
        assertThat(c.policy()).isEmpty();
        assertThat(c.trustedProxies()).isSameAs(TrustedProxies.none());
    }

    @Test
    void requirePolicyNamesTheVariablesToSetWhenThereIsNoKey() {
        assertThatThrownBy(() -> EnvironmentConfig.from(Map.of()).requirePolicy())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QIUTH_API_KEY").hasMessageContaining("QIUTH_HASHED_API_KEY");
        assertThat(EnvironmentConfig.from(env("API_KEY", KEY)).requirePolicy().keyHash()).isEqualTo(ApiKeyHash.of(KEY));
    }

    @Test
    void readsTheApiKey() {
        KeyPolicy p = policy("API_KEY", KEY);
        assertThat(p.keyHash()).isEqualTo(ApiKeyHash.of(KEY));
        assertThat(p.factors()).containsExactly(Factor.API_KEY);
    }

    @Test
    void readsTheHashedApiKey() {
        assertThat(policy("HASHED_API_KEY", ApiKeyHash.of(KEY).hex()).keyHash()).isEqualTo(ApiKeyHash.of(KEY));
    }

    @Test
    void trimsValuesAndTreatsBlankOnesAsUnset() {
        KeyPolicy p = policy("API_KEY", "  " + KEY + "\n", "IP_ALLOWLIST", "   ", "HMAC_SECRET", "");
        assertThat(p.keyHash()).isEqualTo(ApiKeyHash.of(KEY));
        assertThat(p.factors()).containsExactly(Factor.API_KEY);
    }

    @Test
    void aValueMayComeFromTheFileItsFileVariableNames(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("api-key"), KEY + "\n");
        Path hmac = Files.writeString(dir.resolve("hmac"), HMAC);

        KeyPolicy p = policy("API_KEY_FILE", key.toString(), "HMAC_SECRET_FILE", hmac.toString());

        assertThat(p.keyHash()).isEqualTo(ApiKeyHash.of(KEY));
        assertThat(p.factors()).containsExactlyInAnyOrder(Factor.API_KEY, Factor.HMAC);
        assertThatThrownBy(() -> policy("API_KEY", KEY, "API_KEY_FILE", key.toString()))
                .hasMessage("set only one of QIUTH_API_KEY and QIUTH_API_KEY_FILE");
        Path shortSecret = Files.writeString(dir.resolve("short"), "short-hmac-in-a-file");
        assertThatThrownBy(() -> policy("API_KEY", KEY, "HMAC_SECRET_FILE", shortSecret.toString()))
                .hasMessageStartingWith("QIUTH_HMAC_SECRET_FILE: ").hasMessageNotContaining("short-hmac-in-a-file");
    }

    @Test
    void refusesBothTheKeyAndItsHash() {
        assertRefused(env("API_KEY", KEY, "HASHED_API_KEY", ApiKeyHash.of(KEY).hex()), "HASHED_API_KEY", KEY);
    }

    @Test
    void refusesABadHashNamingTheVariable() {
        String bad = "not-a-hash-but-long-enough";
        assertRefused(env("HASHED_API_KEY", bad), "HASHED_API_KEY", bad);
    }

    @Test
    void refusesFactorsWithoutAKey() {
        for (String variable : List.of("IP_ALLOWLIST", "TOTP_SECRET", "CERTIFICATE_PUBLIC_KEY", "HMAC_SECRET")) {
            assertRefused(env(variable, HMAC), variable, HMAC);
        }
    }

    @Test
    void readsTheAllowlistAsCommaSeparatedEntries() {
        KeyPolicy p = policy("API_KEY", KEY, "IP_ALLOWLIST", "10.0.0.0/8, 2001:db8::/32 ,198.51.100.7,");
        assertThat(p.ipAllowlist().orElseThrow().ranges()).hasSize(3);
        assertThat(p.ipAllowlist().orElseThrow().allows(IpAddress.parse("198.51.100.7"))).isTrue();
    }

    @Test
    void refusesABadAllowlistEntryNamingTheVariable() {
        assertThatThrownBy(() -> EnvironmentConfig.from(env("API_KEY", KEY, "IP_ALLOWLIST", "10.0.0.0/8,10.0.0.1/8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("QIUTH_IP_ALLOWLIST: ")
                .message().doesNotContain(KEY);
        assertRefused(env("API_KEY", KEY, "IP_ALLOWLIST", ", ,"), "IP_ALLOWLIST", KEY);
    }

    @Test
    void trustProxyWithoutAListTrustsOneHop() {
        assertThat(EnvironmentConfig.from(env("IP_TRUST_PROXY", "true")).trustedProxies()).isSameAs(TrustedProxies.oneHop());
        assertThat(EnvironmentConfig.from(env("IP_TRUST_PROXY", "TRUE")).trustedProxies()).isSameAs(TrustedProxies.oneHop());
        assertThat(EnvironmentConfig.from(env("IP_TRUST_PROXY", "false")).trustedProxies()).isSameAs(TrustedProxies.none());
    }

    @Test
    void refusesATrustProxyValueOtherThanTrueOrFalse() {
        assertRefused(env("IP_TRUST_PROXY", "yes-please"), "IP_TRUST_PROXY", "yes-please");
    }

    @Test
    void trustedProxiesListsTheProxies() {
        TrustedProxies proxies = EnvironmentConfig.from(env("TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8:ff::/48")).trustedProxies();
        assertThat(proxies.trusts(IpAddress.parse("10.1.2.3"))).isTrue();
        assertThat(proxies.trusts(IpAddress.parse("203.0.113.1"))).isFalse();
        TrustedProxies both = EnvironmentConfig.from(env("TRUSTED_PROXIES", "10.0.0.0/8", "IP_TRUST_PROXY", "true"))
                .trustedProxies();
        assertThat(both.trusts(IpAddress.parse("203.0.113.1"))).as("the list wins over one hop").isFalse();
    }

    @Test
    void refusesABadTrustedProxyNamingTheVariable() {
        assertThatThrownBy(() -> EnvironmentConfig.from(env("TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("QIUTH_TRUSTED_PROXIES: ");
    }

    @Test
    void readsTotpWithItsStepAndWindow() {
        KeyPolicy p = policy("API_KEY", KEY, "TOTP_SECRET", TOTP, "TOTP_TIME_STEP", "60", "TOTP_WINDOW", "2");
        assertThat(p.totp().orElseThrow().step()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.totp().orElseThrow().window()).isEqualTo(2);
        assertThat(p.totp().orElseThrow().base32Secret()).isEqualTo(TOTP);
        KeyPolicy defaults = policy("API_KEY", KEY, "TOTP_SECRET", TOTP);
        assertThat(defaults.totp().orElseThrow().step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.totp().orElseThrow().window()).isEqualTo(1);
    }

    @Test
    void refusesABadTotpSecretWithoutRepeatingIt() {
        String bad = TestSecrets.register("KRUGKIDROVUWG2ZAMJZG653OEBTG66B!");
        assertRefused(env("API_KEY", KEY, "TOTP_SECRET", bad), "TOTP_SECRET", bad);
        assertRefused(env("API_KEY", KEY, "TOTP_SECRET", bad), "TOTP_SECRET", "KRUGKIDR");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "TOTP_TIME_STEP, thirty", "TOTP_TIME_STEP, 0", "TOTP_TIME_STEP, -30", "TOTP_TIME_STEP, 99999999999999999",
        "TOTP_TIME_STEP, 9999999999999999999", "TOTP_WINDOW, 20", "TOTP_WINDOW, -1", "TOTP_WINDOW, 4294967297",
        "TOTP_WINDOW, one",
    })
    void refusesBadTotpParametersNamingTheirVariable(String variable, String value) {
        assertThatThrownBy(() -> EnvironmentConfig.from(env("API_KEY", KEY, "TOTP_SECRET", TOTP, variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QIUTH_" + variable)
                .message().doesNotContain("QIUTH_TOTP_SECRET").doesNotContain(TOTP);
    }

    @Test
    void readsTheCertificateWithEscapedNewlinesAndItsMaxAge() {
        String oneLine = TestKeys.clientPublicPem().replace("\n", "\\n");
        KeyPolicy p = policy("API_KEY", KEY, "CERTIFICATE_PUBLIC_KEY", oneLine, "CERTIFICATE_MAX_AGE", "60");
        assertThat(p.certificate().orElseThrow().publicKey()).isEqualTo(TestKeys.client().getPublic());
        assertThat(p.certificate().orElseThrow().maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy("API_KEY", KEY, "CERTIFICATE_PUBLIC_KEY", oneLine).certificate().orElseThrow().maxAge())
                .isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void refusesABadCertificateNamingTheVariable() {
        String pkcs1 = "-----BEGIN RSA PUBLIC KEY-----\\nMIIBCgKCAQEA\\n-----END RSA PUBLIC KEY-----";
        assertThatThrownBy(() -> EnvironmentConfig.from(env("API_KEY", KEY, "CERTIFICATE_PUBLIC_KEY", pkcs1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("QIUTH_CERTIFICATE_PUBLIC_KEY: ").hasMessageContaining("PKCS#1")
                .message().doesNotContain("MIIBCgKCAQEA");
        assertRefused(env("API_KEY", KEY, "CERTIFICATE_PUBLIC_KEY", TestKeys.clientPublicPem(), "CERTIFICATE_MAX_AGE", "0"),
                "CERTIFICATE_MAX_AGE", KEY);
    }

    @Test
    void readsTheHmacSecretAndItsMaxAge() {
        KeyPolicy p = policy("API_KEY", KEY, "HMAC_SECRET", HMAC, "HMAC_MAX_AGE", "120");
        assertThat(p.hmac().orElseThrow().maxAge()).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy("API_KEY", KEY, "HMAC_SECRET", HMAC).hmac().orElseThrow().maxAge()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void refusesAShortHmacSecretWithoutRepeatingIt() {
        String shortSecret = TestSecrets.register("short-hmac-secret-123");
        assertThatThrownBy(() -> EnvironmentConfig.from(env("API_KEY", KEY, "HMAC_SECRET", shortSecret)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QIUTH_HMAC_SECRET: HMAC secret must be at least 32 characters, got 21");
    }

    @ParameterizedTest
    @CsvSource({"abc", "-5", "0", "1.5", "999999999999"})
    void refusesABadHmacMaxAgeNamingTheVariable(String value) {
        assertRefused(env("API_KEY", KEY, "HMAC_SECRET", HMAC, "HMAC_MAX_AGE", value), "HMAC_MAX_AGE", HMAC);
    }

    @Test
    void aPolicyFromTheEnvironmentAuthenticatesLikeABuiltOne() {
        MutableClock clock = MutableClock.standard();
        EnvironmentConfig c = EnvironmentConfig.from(env("API_KEY", KEY, "IP_ALLOWLIST", "203.0.113.0/24",
                "TOTP_SECRET", TOTP, "HMAC_SECRET", HMAC, "CERTIFICATE_PUBLIC_KEY", TestKeys.clientPublicPem().replace("\n", "\\n"),
                "TRUSTED_PROXIES", "10.0.0.0/8"));
        Qiuth qiuth = Qiuth.builder().clock(clock).keys(c.policy().orElseThrow()).trustedProxies(c.trustedProxies()).build();
        RequestSigner signer = RequestSigner.builder().apiKey(KEY).totpSecret(TOTP).hmacSecret(HMAC)
                .privateKeyPem(TestKeys.clientPrivatePem()).clock(clock).build();
        Decision d = qiuth.authenticate(Call.post("http://api.example.com/x").body("{}").from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.50").signedBy(signer).view());
        assertThat(d.granted()).isTrue();
    }

    @Test
    void engineBuilderProtectsWithTheConfiguredKeyOrRefusesToStart() {
        String key = TestSecrets.register("sk_test_engine_builder_3Fq8Lw2");
        Qiuth qiuth = EnvironmentConfig.from(Map.of("QIUTH_API_KEY", key)).engineBuilder().build();
        assertThat(qiuth.authenticate(Call.get("http://api.example.com/x").header("X-API-Key", key).view()).granted())
                .isTrue();
        assertThat(qiuth.authenticate(Call.get("http://api.example.com/x").view()).granted()).isFalse();
        assertThatThrownBy(() -> EnvironmentConfig.from(Map.of()).engineBuilder())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QIUTH_API_KEY");
    }

    @Test
    void readsTheKeyDatabaseWithoutAnApiKey() {
        String password = TestSecrets.register("pg-pass word_7Hq2");
        String master = TestSecrets.register("master-key-value-Zt8Wm1Rc");
        EnvironmentConfig c = EnvironmentConfig.from(env("JDBC_URL", " jdbc:postgresql://127.0.0.1:5432/app?ssl=false ",
                "JDBC_USER", "qiuth", "JDBC_PASSWORD", password, "MASTER_KEY", master));
        assertThat(c.policy()).isEmpty();
        DatabaseSettings db = c.database().orElseThrow();
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app?ssl=false");
        assertThat(db.user()).isEqualTo("qiuth");
        assertThat(db.password()).isEqualTo(password);
        assertThat(db.masterKeyValue()).contains(master);
        assertThat(db.toString()).contains("127.0.0.1:5432/app", "qiuth")
                .doesNotContain(password, master, "ssl=false");
        assertThat(c.toString()).doesNotContain(password, master);
    }

    @Test
    void noJdbcUrlMeansNoDatabase() {
        assertThat(EnvironmentConfig.from(env("API_KEY", KEY)).database()).isEmpty();
        assertThat(new EnvironmentConfig(java.util.Optional.empty(), TrustedProxies.none()).database()).isEmpty();
        DatabaseSettings minimal = EnvironmentConfig.from(env("JDBC_URL", "jdbc:postgresql:app")).database().orElseThrow();
        assertThat(minimal.user()).isNull();
        assertThat(minimal.password()).isNull();
        assertThat(minimal.masterKeyValue()).isEmpty();
    }

    @Test
    void refusesABadJdbcUrlOrCredentialsWithoutAUrl() {
        String secretish = TestSecrets.register("jdbc:mysql://db/app?password=Hx93kQ");
        assertRefused(env("JDBC_URL", secretish), "JDBC_URL", secretish);
        String password = TestSecrets.register("only-a-password-Kd83");
        assertRefused(env("JDBC_PASSWORD", password), "JDBC_PASSWORD", password);
        assertRefused(env("JDBC_USER", "dbadmin"), "JDBC_USER", "dbadmin");
    }

    @Test
    void withoutRedisVariablesStateStaysInMemoryAndThereIsNoLockout() {
        EnvironmentConfig c = EnvironmentConfig.from(env("API_KEY", KEY));
        assertThat(c.redis()).isEmpty();
        assertThat(c.failureLimits()).isEqualTo(FailureLimits.none());
        assertThat(new EnvironmentConfig(c.policy(), c.trustedProxies())).isEqualTo(c);
    }

    @Test
    void redisVariablesBecomeSettingsWithoutAKeyToo() {
        RedisSettings r = EnvironmentConfig.from(env("REDIS_URL", "rediss://app:pw-Zq8@redis.internal:6380/2",
                "REDIS_CLUSTER", "TRUE", "REDIS_TIMEOUT", "250", "REDIS_KEY_PREFIX", "shop:",
                "REDIS_RATE_LIMIT_FAIL_OPEN", "true")).redis().orElseThrow();
        assertThat(r.url()).isEqualTo("rediss://app:pw-Zq8@redis.internal:6380/2");
        assertThat(r.cluster()).isTrue();
        assertThat(r.commandTimeout()).contains(Duration.ofMillis(250));
        assertThat(r.keyPrefix()).contains("shop:");
        assertThat(r.rateLimiterFailOpen()).isTrue();

        RedisSettings plain = EnvironmentConfig.from(env("REDIS_URL", "redis://127.0.0.1:6379")).redis().orElseThrow();
        assertThat(plain.cluster()).isFalse();
        assertThat(plain.rateLimiterFailOpen()).isFalse();
        assertThat(plain.commandTimeout()).isEmpty();
        assertThat(plain.keyPrefix()).isEmpty();
    }

    @Test
    void redisSettingsNeverPrintThePassword() {
        String password = TestSecrets.register("redis-pw-Hk3Vn8Qa");
        EnvironmentConfig c = EnvironmentConfig.from(env("API_KEY", KEY, "REDIS_URL", "redis://:" + password + "@10.0.0.5:6379"));
        assertThat(c.redis().orElseThrow().toString()).contains("redis://***@10.0.0.5:6379").doesNotContain(password);
        assertThat(c.redis().orElseThrow().redactedUrl()).isEqualTo("redis://***@10.0.0.5:6379");
        assertThat(c.toString()).doesNotContain(password);
    }

    @ParameterizedTest
    @CsvSource({
            "REDIS_URL, http://:pw-Xy7@redis:6379",
            "REDIS_CLUSTER, yes-pw-Xy7",
            "REDIS_TIMEOUT, -5",
            "REDIS_TIMEOUT, 60001",
            "REDIS_TIMEOUT, 5s-Xy7",
            "REDIS_KEY_PREFIX, {tag}-Xy7",
            "REDIS_RATE_LIMIT_FAIL_OPEN, maybe-Xy7",
    })
    void badRedisSettingsNameTheVariableNotTheValue(String variable, String value) {
        Map<String, String> e = env("REDIS_URL", "redis://:pw-Xy7@127.0.0.1:6379");
        e.put("QIUTH_" + variable, value);
        assertRefused(e, variable, value);
        assertThatThrownBy(() -> EnvironmentConfig.from(e)).message().doesNotContain("pw-Xy7");
    }

    @Test
    void trustedCertificatesForRedissAreAReadableFileShownInTheSettings(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("redis-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        String password = TestSecrets.register("redis-tls-pw-Wc4Lq9");
        RedisSettings r = EnvironmentConfig.from(env("REDIS_URL", "rediss://:" + password + "@redis.internal:6380",
                "REDIS_TRUSTED_CERTIFICATES", " " + pem + " ")).redis().orElseThrow();
        assertThat(r.trustedCertificates()).contains(pem);
        assertThat(r.toString()).contains("trustedCertificates=" + pem).doesNotContain(password);

        RedisSettings jdkTrust = EnvironmentConfig.from(env("REDIS_URL", "rediss://redis.internal:6380")).redis().orElseThrow();
        assertThat(jdkTrust.trustedCertificates()).isEmpty();
        assertThat(jdkTrust.toString()).contains("trustedCertificates=JDK default");
    }

    @Test
    void trustedCertificatesWithAPlainRedisUrlAreAMistakeNamingTheVariable(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("redis-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThatThrownBy(() -> EnvironmentConfig.from(env("REDIS_URL", "redis://:pw-Xy7@127.0.0.1:6379",
                "REDIS_TRUSTED_CERTIFICATES", pem.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QIUTH_REDIS_TRUSTED_CERTIFICATES").hasMessageContaining("rediss://")
                .message().doesNotContain("pw-Xy7");
    }

    @Test
    void trustedCertificatesThatCannotBeReadNameTheVariableAndThePath(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-ca.pem");
        assertThatThrownBy(() -> EnvironmentConfig.from(env("REDIS_URL", "rediss://:pw-Xy7@127.0.0.1:6380",
                "REDIS_TRUSTED_CERTIFICATES", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QIUTH_REDIS_TRUSTED_CERTIFICATES").hasMessageContaining(missing.toString())
                .message().doesNotContain("pw-Xy7");
        // a directory is no file of certificates (a chmod 000 file would not do: root, who may run the tests, reads it)
        assertThatThrownBy(() -> EnvironmentConfig.from(env("REDIS_URL", "rediss://127.0.0.1:6380",
                "REDIS_TRUSTED_CERTIFICATES", dir.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QIUTH_REDIS_TRUSTED_CERTIFICATES").hasMessageContaining(dir.toString());
    }

    @ParameterizedTest
    @CsvSource({"REDIS_CLUSTER, true", "REDIS_TIMEOUT, 100", "REDIS_KEY_PREFIX, a:", "REDIS_RATE_LIMIT_FAIL_OPEN, true",
            "REDIS_TRUSTED_CERTIFICATES, /etc/qiuth/redis-ca.pem"})
    void aRedisSettingWithoutTheUrlIsAMistake(String variable, String value) {
        assertThatThrownBy(() -> EnvironmentConfig.from(env(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QIUTH_" + variable).hasMessageContaining("QIUTH_REDIS_URL");
    }

    @Test
    void lockoutVariablesBecomeRateLimitsWithAOneMinuteDefaultWindow() {
        FailureLimits f = EnvironmentConfig.from(env("FAILURE_LIMIT", "10", "FAILURE_WINDOW", "300",
                "KEY_FAILURE_LIMIT", "5")).failureLimits();
        assertThat(f.perAddress()).contains(RateLimit.of(10, Duration.ofMinutes(5)));
        assertThat(f.perKey()).contains(RateLimit.of(5, Duration.ofMinutes(1)));
        assertThat(EnvironmentConfig.from(env("KEY_FAILURE_LIMIT", "3", "KEY_FAILURE_WINDOW", "7")).failureLimits())
                .isEqualTo(new FailureLimits(java.util.Optional.empty(), java.util.Optional.of(RateLimit.of(3, Duration.ofSeconds(7)))));
    }

    @ParameterizedTest
    @CsvSource({
            "FAILURE_LIMIT, 0, ''",
            "FAILURE_LIMIT, ten, ''",
            "FAILURE_LIMIT, 3000000000, ''",
            "KEY_FAILURE_LIMIT, -1, ''",
            "FAILURE_WINDOW, 0, FAILURE_LIMIT",
            "KEY_FAILURE_WINDOW, 99999999999, KEY_FAILURE_LIMIT",
    })
    void badLockoutSettingsNameTheVariableNotTheValue(String variable, String value, String limit) {
        Map<String, String> e = env(variable, value);
        if (!limit.isEmpty()) {
            e.put("QIUTH_" + limit, "5");
        }
        assertRefused(e, variable, value);
    }

    @Test
    void aLockoutWindowWithoutItsLimitIsAMistake() {
        assertThatThrownBy(() -> EnvironmentConfig.from(env("FAILURE_WINDOW", "60")))
                .hasMessageContaining("QIUTH_FAILURE_WINDOW").hasMessageContaining("QIUTH_FAILURE_LIMIT");
        assertThatThrownBy(() -> EnvironmentConfig.from(env("KEY_FAILURE_WINDOW", "60")))
                .hasMessageContaining("QIUTH_KEY_FAILURE_WINDOW").hasMessageContaining("QIUTH_KEY_FAILURE_LIMIT");
    }

    @Test
    void engineBuilderLocksOutAnAddressAfterTheConfiguredFailuresAndAGrantDoesNotResetIt() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-03T10:00:00Z"));
        Qiuth qiuth = EnvironmentConfig.from(env("API_KEY", KEY, "FAILURE_LIMIT", "2", "FAILURE_WINDOW", "60"))
                .engineBuilder().clock(clock).build();
        java.util.function.Function<String, Decision> call = key -> qiuth.authenticate(
                Call.get("http://api.example.com/x").header("X-API-Key", key).from("192.0.2.9").view());
        assertThat(call.apply("sk_wrong_1").granted()).isFalse();
        assertThat(call.apply(KEY).granted()).isTrue();
        assertThat(call.apply("sk_wrong_2").granted()).isFalse();
        Decision locked = call.apply(KEY);
        assertThat(locked).isInstanceOfSatisfying(Decision.Denied.class, d -> {
            assertThat(d.status()).isEqualTo(429);
            assertThat(d.response().headers()).containsKey("Retry-After");
        });
        clock.advance(Duration.ofSeconds(61));
        assertThat(call.apply(KEY).granted()).isTrue();
    }

    @Test
    void engineBuilderLocksOutAKeyWhoeverSendsIt() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-03T10:00:00Z"));
        Qiuth qiuth = EnvironmentConfig.from(env("API_KEY", KEY, "IP_ALLOWLIST", "192.0.2.0/24", "KEY_FAILURE_LIMIT", "2"))
                .engineBuilder().clock(clock).build();
        for (String outsider : List.of("198.51.100.1", "198.51.100.2")) {
            assertThat(qiuth.authenticate(Call.get("http://api.example.com/x").header("X-API-Key", KEY).from(outsider).view())
                    .granted()).isFalse();
        }
        Decision d = qiuth.authenticate(Call.get("http://api.example.com/x").header("X-API-Key", KEY).from("192.0.2.1").view());
        assertThat(d).isInstanceOfSatisfying(Decision.Denied.class, denied -> assertThat(denied.status()).isEqualTo(429));
    }
}
