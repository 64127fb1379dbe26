package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Factor;
import dev.qiuth.Headers;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.postgres.MasterKey;
import dev.qiuth.store.postgres.PostgresKeyStore;
import dev.qiuth.store.postgres.PostgresPool;
import dev.qiuth.testing.FreePort;
import dev.qiuth.testing.LogCapture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qiuth keys} in process against a real PostgreSQL. */
class KeysCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    /** The database password: set in every run, never to be printed (the server trusts loopback anyway). */
    private static final String DB_PASSWORD = "pg-secret-Vq83mZx1";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Every secret the tests saw printed once by add (or put in the environment). */
    private static final List<String> SECRETS = Collections.synchronizedList(new ArrayList<>());
    /** Every output of every run except the one add output that prints the secrets. */
    private static final List<String> OTHER_OUTPUT = Collections.synchronizedList(new ArrayList<>());

    private static final String MASTER_KEY_RECORDED =
            "QIUTH_MASTER_KEY is the database's master key (recorded in qiuth_master_key_check)\n";

    private static EmbeddedPostgres postgres;
    private static String masterKey;
    private static Map<String, String> env;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        masterKey = MasterKey.generate();
        SECRETS.add(masterKey);
        SECRETS.add(DB_PASSWORD);
        env = environment(newDatabase(), masterKey);
        Cli.Run migrated = run(env, "keys", "migrate");
        assertThat(migrated.code()).as(migrated.err()).isZero();
        assertThat(migrated.out()).isEqualTo("applied 3 migrations\n" + MASTER_KEY_RECORDED);
        assertThat(migrated.err()).isEmpty();
    }

    @AfterAll
    static void nothingPrintedOrLoggedASecretBesidesAddsOwnOutput() throws IOException {
        try {
            assertThat(SECRETS).hasSizeGreaterThan(5);
            for (String secret : SECRETS) {
                assertThat(OTHER_OUTPUT).noneMatch(o -> o.contains(secret));
            }
            assertThat(LogCapture.ofRun().lines()).isNotEmpty();
            assertThat(LogCapture.ofRun().linesContaining(List.copyOf(SECRETS))).isEmpty();
        } finally {
            postgres.close();
        }
    }

    /** A new empty database on the server, so that tests that change the master key stay apart. */
    private static String newDatabase() {
        String name = "keys" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    private static Map<String, String> environment(String jdbcUrl, String master) {
        Map<String, String> e = new HashMap<>();
        e.put("QIUTH_JDBC_URL", jdbcUrl);
        e.put("QIUTH_JDBC_USER", "postgres");
        e.put("QIUTH_JDBC_PASSWORD", DB_PASSWORD);
        if (master != null) {
            e.put("QIUTH_MASTER_KEY", master);
        }
        return e;
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> e = new HashMap<>(base);
        if (value == null) {
            e.remove(name);
        } else {
            e.put(name, value);
        }
        return e;
    }

    /** Runs a command whose output must hold no secret. */
    private static Cli.Run run(Map<String, String> environment, String... args) {
        Cli.Run r = Cli.run(environment, CLOCK, args);
        OTHER_OUTPUT.add(r.all());
        return r;
    }

    /** Runs {@code keys add}, whose output is the one place secrets appear; remembers them. */
    private static Cli.Run add(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of("keys", "add"));
        all.addAll(List.of(args));
        Cli.Run r = Cli.run(environment, CLOCK, all.toArray(String[]::new));
        OTHER_OUTPUT.add(r.err());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static Optional<KeyPolicy> lookup(Map<String, String> environment, String apiKey) {
        try (HikariDataSource pool = PostgresPool.create(environment.get("QIUTH_JDBC_URL"), "postgres", DB_PASSWORD)) {
            return PostgresKeyStore.create(pool, MasterKey.of(environment.get("QIUTH_MASTER_KEY")), CLOCK)
                    .findByHash(ApiKeyHash.of(apiKey));
        }
    }

    private static void assertOneLine(Cli.Run r, int code, String... contains) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("qiuth: ").endsWith("\n").contains(contains);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception\n\tat ");
    }

    @Test
    void migrateAgainChangesNothing() {
        Cli.Run r = run(env, "keys", "migrate");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("schema up to date\n" + MASTER_KEY_RECORDED);
    }

    @Test
    void migrateRecordsTheMasterKeySoAnotherOneIsRefusedAndWithoutOneOnlyMigrates() {
        String url = newDatabase();
        Cli.Run bare = run(environment(url, null), "keys", "migrate");
        assertThat(bare.code()).as(bare.err()).isZero();
        assertThat(bare.out()).isEqualTo("applied 3 migrations\n");

        String first = MasterKey.generate();
        String second = MasterKey.generate();
        SECRETS.addAll(List.of(first, second));
        assertThat(run(environment(url, first), "keys", "migrate").out())
                .isEqualTo("schema up to date\n" + MASTER_KEY_RECORDED);
        assertOneLine(run(environment(url, second), "keys", "migrate"), QiuthCli.USAGE, "QIUTH_MASTER_KEY is not the master key");
        assertOneLine(run(environment(url, second), "keys", "list"), QiuthCli.USAGE, "QIUTH_MASTER_KEY is not the master key");
        assertOneLine(run(environment(url, "not-a-key-Zt51"), "keys", "migrate"), QiuthCli.USAGE, "QIUTH_MASTER_KEY");
        assertThat(run(environment(url, first), "keys", "list").out()).isEqualTo("no keys\n");
    }

    @Test
    void addWithTrustProxyStoresOneHopAndShowAndListSayIt() throws IOException {
        JsonNode j = json(add(env, "--name", "edge", "--id", "edge-one-hop", "--ip", "198.51.100.0/24", "--trust-proxy",
                "--format", "json").out());
        String apiKey = j.get("apiKey").asText();
        SECRETS.add(apiKey);
        assertThat(lookup(env, apiKey).orElseThrow().trustedProxies()).contains(TrustedProxies.oneHop());

        assertThat(run(env, "keys", "show", "edge-one-hop").out()).contains("Trusted proxies: one hop (any address)");
        JsonNode shown = json(run(env, "keys", "show", "edge-one-hop", "--format", "json").out());
        assertThat(shown.get("trustedProxiesOneHop").asBoolean()).isTrue();
        assertThat(shown.get("trustedProxies").isNull()).isTrue();
        assertThat(run(env, "keys", "list").out().lines().filter(l -> l.startsWith("edge-one-hop ")).findFirst().orElseThrow())
                .contains("one hop (any address)");

        assertOneLine(run(env, "keys", "add", "--name", "x", "--trust-proxy"), QiuthCli.USAGE, "--trust-proxy", "--ip");
        assertOneLine(run(env, "keys", "add", "--name", "x", "--ip", "10.0.0.0/8", "--trust-proxy", "--trusted-proxy",
                "10.1.0.0/16"), QiuthCli.USAGE, "--trust-proxy", "--trusted-proxy");
    }

    @Test
    void addWithJsonPrintsTheCredentialsOnceAndStoresAWorkingKey() throws IOException {
        Cli.Run r = add(env, "--name", "billing", "--id", "billing-json", "--prefix", "sk_live_", "--totp", "--hmac",
                "--ip", "10.0.0.0/8", "--ip", "127.0.0.1", "--scope", "orders:read,orders:write", "--owner", "team-billing",
                "--expires", "30d", "--rate-limit", "100/1m", "--format", "json");
        JsonNode j = json(r.out());
        String apiKey = j.get("apiKey").asText();
        SECRETS.add(apiKey);
        SECRETS.add(j.get("totpSecret").asText());
        SECRETS.add(j.get("hmacSecret").asText());
        assertThat(j.get("id").asText()).isEqualTo("billing-json");
        assertThat(apiKey).startsWith("sk_live_").hasSize("sk_live_".length() + 43);
        assertThat(j.get("totpSecret").asText()).matches("[A-Z2-7]{32}");
        assertThat(j.get("hmacSecret").asText()).matches("[0-9a-f]{64}");
        assertThat(j.size()).isEqualTo(4);

        KeyPolicy policy = lookup(env, apiKey).orElseThrow();
        assertThat(policy.id()).isEqualTo("billing-json");
        assertThat(policy.factors()).contains(Factor.API_KEY, Factor.IP_ALLOWLIST, Factor.TOTP, Factor.HMAC);

        JsonNode shown = json(run(env, "keys", "show", "billing-json", "--format", "json").out());
        assertThat(shown.get("owner").asText()).isEqualTo("team-billing");
        assertThat(shown.get("expiresAt").asText()).isEqualTo("2026-12-31T10:00:00Z");
        assertThat(shown.get("rateLimit").asText()).isEqualTo("100/1m");
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("scopes").toString()).isEqualTo("[\"orders:read\",\"orders:write\"]");
        assertThat(shown.get("factors").toString()).isEqualTo("[\"api-key\",\"ip\",\"totp\",\"hmac\"]");
        assertThat(shown.get("keyHashPrefix").asText()).isEqualTo(ApiKeyHash.of(apiKey).hex().substring(0, 8));
    }

    @Test
    void addWithEnvPrintsTheClientsVariables() {
        Cli.Run r = add(env, "--name", "partner", "--hmac", "--format", "env");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("# Qiuth client credentials for key ");
        assertThat(lines.get(1)).matches("QIUTH_API_KEY=[A-Za-z0-9_-]{43}");
        assertThat(lines.get(2)).matches("QIUTH_HMAC_SECRET=[0-9a-f]{64}");
        String apiKey = lines.get(1).substring("QIUTH_API_KEY=".length());
        SECRETS.add(apiKey);
        SECRETS.add(lines.get(2).substring("QIUTH_HMAC_SECRET=".length()));
        // no --id: the id is the hash's first 8 hex characters
        String id = ApiKeyHash.of(apiKey).hex().substring(0, 8);
        assertThat(lines.get(0)).endsWith(id);
        assertThat(lookup(env, apiKey).orElseThrow().factors()).containsExactlyInAnyOrder(Factor.API_KEY, Factor.HMAC);
    }

    @Test
    void addInTextShowsTheTotpSecretAsAQrCode() {
        Cli.Run r = add(env, "--name", "phone", "--id", "phone-text", "--totp", "--issuer", "Acme");
        String apiKey = r.out().lines().filter(l -> l.startsWith("API key:")).findFirst().orElseThrow()
                .substring("API key:".length()).strip();
        String totp = r.out().lines().filter(l -> l.startsWith("TOTP secret:")).findFirst().orElseThrow()
                .substring("TOTP secret:".length()).strip();
        SECRETS.add(apiKey);
        SECRETS.add(totp);
        assertThat(r.out()).contains("Key added:     phone-text (phone)", "Scan with an authenticator app:",
                "not shown again");
        assertThat(r.out()).containsAnyOf("\u2580", "\u2584", "\u2588");
        assertThat(lookup(env, apiKey).orElseThrow().factors()).contains(Factor.TOTP);
    }

    @Test
    void addWithACertificateStoresThePublicKeyAndRefusesAPrivateOne(@TempDir Path dir) throws IOException {
        dev.qiuth.generate.CredentialGenerator.PemKeyPair pair = new dev.qiuth.generate.CredentialGenerator().rsaKeyPair(2048);
        Path pub = Files.writeString(dir.resolve("public.pem"), pair.publicKeyPem());
        Path priv = Files.writeString(dir.resolve("private.pem"), pair.privateKeyPem());
        pair.privateKeyPem().lines().filter(l -> !l.startsWith("-----")).forEach(SECRETS::add);
        Cli.Run r = add(env, "--name", "signer", "--id", "signer", "--certificate", pub.toString(), "--format", "json");
        SECRETS.add(uncheckedJson(r.out()).get("apiKey").asText());
        assertThat(run(env, "keys", "show", "signer").out()).contains("rsa", "BEGIN PUBLIC KEY");

        assertOneLine(run(env, "keys", "add", "--name", "x", "--certificate", priv.toString()), QiuthCli.USAGE,
                "PUBLIC key");
    }

    private static JsonNode uncheckedJson(String text) {
        try {
            return json(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listAndShowNeverPrintASecret() throws IOException {
        Cli.Run added = add(env, "--name", "listed", "--id", "listed", "--totp", "--hmac", "--format", "json");
        JsonNode j = json(added.out());
        List<String> secrets = List.of(j.get("apiKey").asText(), j.get("totpSecret").asText(), j.get("hmacSecret").asText());
        SECRETS.addAll(secrets);

        Cli.Run table = run(env, "keys", "list");
        Cli.Run list = run(env, "keys", "list", "--format", "json");
        Cli.Run show = run(env, "keys", "show", "listed");
        Cli.Run showJson = run(env, "keys", "show", "listed", "--format", "json");
        for (Cli.Run r : List.of(table, list, show, showJson)) {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            for (String secret : secrets) {
                assertThat(r.out()).doesNotContain(secret);
            }
        }
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME", "FACTORS", "STATUS");
        assertThat(table.out()).containsPattern("listed +listed +- +[0-9a-f]{8} +api-key\\+totp\\+hmac");
        JsonNode array = json(list.out());
        assertThat(array.isArray()).isTrue();
        JsonNode listed = null;
        for (JsonNode k : array) {
            assertThat(k.has("apiKey")).isFalse();
            if (k.get("id").asText().equals("listed")) {
                listed = k;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("status").asText()).isEqualTo("active");
        assertThat(show.out()).contains("ID:", "listed", "TOTP:", "6 digits", "HMAC max age:");
        assertThat(json(showJson.out()).get("id").asText()).isEqualTo("listed");

        assertOneLine(run(env, "keys", "show", "nobody"), QiuthCli.USAGE, "no key with id 'nobody'");
    }

    /** A key + HMAC request judged by an engine over the database's keys, at {@code at}. */
    private static Decision judge(Map<String, String> environment, Instant at, String apiKey, String hmacSecret) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        try (HikariDataSource pool = PostgresPool.create(environment.get("QIUTH_JDBC_URL"), "postgres", DB_PASSWORD)) {
            Qiuth engine = Qiuth.builder().clock(clock)
                    .keyStore(PostgresKeyStore.create(pool, MasterKey.of(environment.get("QIUTH_MASTER_KEY")), clock)).build();
            byte[] body = ("{\"at\":" + at.toEpochMilli() + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Map<String, String> signed = RequestSigner.builder().apiKey(apiKey).hmacSecret(hmacSecret).clock(clock).build()
                    .sign("POST", "http://api.example.com/orders", body);
            Headers.Builder headers = Headers.builder().add("Host", "api.example.com");
            signed.forEach(headers::add);
            return engine.authenticate(RequestView.builder().method("POST").hostHeader("api.example.com")
                    .rawPath("/orders").headers(headers.build()).remoteAddress("127.0.0.1").body(body).build());
        }
    }

    @Test
    void rotateKeepsTheOldCredentialsUntilTheTransitionEndsAndCompleteEndsItAtOnce() throws IOException {
        JsonNode added = json(add(env, "--name", "rotating", "--id", "rotating", "--hmac", "--format", "json").out());
        String oldKey = added.get("apiKey").asText();
        String oldHmac = added.get("hmacSecret").asText();
        SECRETS.add(oldKey);
        SECRETS.add(oldHmac);

        Cli.Run r = Cli.run(env, CLOCK, "keys", "rotate", "rotating", "--transition", "24h", "--api-key", "--hmac",
                "--format", "json");
        OTHER_OUTPUT.add(r.err());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rotated = json(r.out());
        String newKey = rotated.get("apiKey").asText();
        String newHmac = rotated.get("hmacSecret").asText();
        SECRETS.add(newKey);
        SECRETS.add(newHmac);
        assertThat(rotated.get("id").asText()).isEqualTo("rotating");
        assertThat(newKey).isNotEqualTo(oldKey);

        Instant during = CLOCK.instant().plus(Duration.ofHours(1));
        Decision old = judge(env, during, oldKey, oldHmac);
        assertThat(((Decision.Granted) old).principal().previousCredentials()).containsExactly(Factor.API_KEY, Factor.HMAC);
        assertThat(((Decision.Granted) judge(env, during, newKey, newHmac)).principal().previousCredentials()).isEmpty();
        JsonNode shown = json(run(env, "keys", "show", "rotating", "--format", "json").out());
        assertThat(shown.get("rotation").get("until").asText()).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(shown.get("rotation").get("factors").toString()).isEqualTo("[\"API_KEY\",\"HMAC\"]");

        Instant after = CLOCK.instant().plus(Duration.ofHours(24));
        assertThat(((Decision.Denied) judge(env, after, oldKey, newHmac)).reason()).isEqualTo(ErrorCode.INVALID_API_KEY);
        assertThat(judge(env, after, newKey, newHmac).granted()).isTrue();

        Cli.Run completed = run(env, "keys", "complete-rotation", "rotating");
        assertThat(completed.code()).as(completed.err()).isZero();
        assertThat(completed.out()).contains("completed");
        assertThat(((Decision.Denied) judge(env, during, oldKey, oldHmac)).reason()).isEqualTo(ErrorCode.INVALID_API_KEY);
        assertThat(judge(env, during, newKey, newHmac).granted()).isTrue();
        assertOneLine(run(env, "keys", "complete-rotation", "rotating"), QiuthCli.USAGE, "rotating");
    }

    @Test
    void cancelRotationBringsTheOldCredentialsBack() throws IOException {
        JsonNode added = json(add(env, "--name", "cancelled", "--id", "cancelled", "--hmac", "--format", "json").out());
        String key = added.get("apiKey").asText();
        String oldHmac = added.get("hmacSecret").asText();
        SECRETS.add(key);
        SECRETS.add(oldHmac);
        Cli.Run r = Cli.run(env, CLOCK, "keys", "rotate", "cancelled", "--transition", "7d", "--hmac", "--format", "env");
        OTHER_OUTPUT.add(r.err());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("QIUTH_API_KEY=").contains("QIUTH_HMAC_SECRET=");
        String newHmac = r.out().lines().filter(l -> l.startsWith("QIUTH_HMAC_SECRET=")).findFirst().orElseThrow()
                .substring("QIUTH_HMAC_SECRET=".length());
        SECRETS.add(newHmac);

        assertThat(run(env, "keys", "cancel-rotation", "cancelled").code()).isZero();
        Instant now = CLOCK.instant().plusSeconds(60);
        assertThat(judge(env, now, key, oldHmac).granted()).isTrue();
        assertThat(((Decision.Denied) judge(env, now, key, newHmac)).reason()).isEqualTo(ErrorCode.INVALID_HMAC);
        assertOneLine(run(env, "keys", "rotate", "cancelled", "--transition", "1d"), QiuthCli.USAGE, "--api-key");
        assertOneLine(run(env, "keys", "rotate", "cancelled", "--transition", "soon", "--hmac"), QiuthCli.USAGE, "--transition");
    }

    @Test
    void revokeRefusesTheKeyAtOnce() throws IOException {
        String apiKey = json(add(env, "--name", "gone", "--id", "gone", "--format", "json").out()).get("apiKey").asText();
        SECRETS.add(apiKey);
        assertThat(lookup(env, apiKey).orElseThrow().revoked()).isFalse();

        Cli.Run r = run(env, "keys", "revoke", "gone");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("revoked gone\n");
        assertThat(lookup(env, apiKey).orElseThrow().revoked()).isTrue();
        assertThat(json(run(env, "keys", "show", "gone", "--format", "json").out()).get("status").asText()).isEqualTo("revoked");
        assertThat(run(env, "keys", "revoke", "gone").out()).startsWith("gone was already revoked at ");
        assertOneLine(run(env, "keys", "revoke", "nobody"), QiuthCli.USAGE, "no key with id 'nobody'");
    }

    @Test
    void rewrapMovesEverySecretToTheNewestMasterKey() throws IOException {
        Map<String, String> own = environment(newDatabase(), MasterKey.generate());
        SECRETS.add(own.get("QIUTH_MASTER_KEY"));
        assertThat(run(own, "keys", "migrate").code()).isZero();
        JsonNode j = json(add(own, "--name", "wrapped", "--totp", "--hmac", "--format", "json").out());
        String apiKey = j.get("apiKey").asText();
        SECRETS.addAll(List.of(apiKey, j.get("totpSecret").asText(), j.get("hmacSecret").asText()));

        // generate master-key prints a secret by design: not counted as other output
        Cli.Run rotated = Cli.run(own, CLOCK, "generate", "master-key", "--rotate");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        String both = rotated.out().strip();
        SECRETS.add(both);
        assertThat(MasterKey.of(both).keyCount()).isEqualTo(2);
        Map<String, String> rotating = with(own, "QIUTH_MASTER_KEY", both);

        Cli.Run rewrap = run(rotating, "keys", "rewrap");
        assertThat(rewrap.code()).as(rewrap.err()).isZero();
        assertThat(rewrap.out()).isEqualTo("re-encrypted the secrets of 1 key\n");

        String newest = Cli.run(rotating, CLOCK, "generate", "master-key", "--primary-only").out().strip();
        SECRETS.add(newest);
        assertThat(MasterKey.of(newest).keyCount()).isEqualTo(1);
        Map<String, String> after = with(own, "QIUTH_MASTER_KEY", newest);
        assertThat(lookup(after, apiKey).orElseThrow().factors()).contains(Factor.TOTP, Factor.HMAC);
        assertThat(run(after, "keys", "list").code()).isZero();
        // the old key alone no longer opens the database
        assertOneLine(run(own, "keys", "list"), QiuthCli.USAGE, "QIUTH_MASTER_KEY");
    }

    @Test
    void generateMasterKeyPrintsOnlyTheValue() {
        Cli.Run r = Cli.run(Map.of(), CLOCK, "generate", "master-key");
        assertThat(r.code()).isZero();
        String value = r.out().strip();
        SECRETS.add(value);
        assertThat(r.out().lines().count()).isEqualTo(1);
        assertThat(MasterKey.of(value).keyCount()).isEqualTo(1);
        Cli.Run envFormat = Cli.run(Map.of(), CLOCK, "generate", "master-key", "--format", "env");
        assertThat(envFormat.out()).startsWith("QIUTH_MASTER_KEY=");
        SECRETS.add(envFormat.out().strip().substring("QIUTH_MASTER_KEY=".length()));
        assertOneLine(run(Map.of(), "generate", "master-key", "--rotate"), QiuthCli.USAGE, "QIUTH_MASTER_KEY is not set");
    }

    @Test
    void thePasswordCanComeFromStandardInput() {
        Map<String, String> noPassword = with(env, "QIUTH_JDBC_PASSWORD", null);
        Cli.Run r = Cli.run(noPassword, CLOCK, DB_PASSWORD + "\n", Cli.NO_WAIT, "keys", "list", "--jdbc-password-stdin");
        OTHER_OUTPUT.add(r.all());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ID");
    }

    @Test
    void flagsOverrideTheVariables() {
        Map<String, String> none = Map.of("QIUTH_MASTER_KEY", masterKey, "QIUTH_JDBC_PASSWORD", DB_PASSWORD);
        Cli.Run r = run(none, "keys", "list", "--jdbc-url", env.get("QIUTH_JDBC_URL"), "--jdbc-user", "postgres");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ID");
    }

    @Test
    void badFlagsGiveOneLineAndExitCode2() {
        assertOneLine(run(env, "keys", "add"), QiuthCli.USAGE, "--name");
        assertOneLine(run(env, "keys", "add", "--name", "x", "--bogus"), QiuthCli.USAGE, "--bogus");
        assertOneLine(run(env, "keys", "add", "--name", "x", "--ip", "10.0.0.0/33"), QiuthCli.USAGE, "10.0.0.0/33");
        assertOneLine(run(env, "keys", "add", "--name", "x", "--expires", "tomorrow"), QiuthCli.USAGE, "--expires");
        assertOneLine(run(env, "keys", "add", "--name", "x", "--expires", "2020-01-01T00:00:00Z"), QiuthCli.USAGE, "future");
        assertOneLine(run(env, "keys", "add", "--name", "x", "--rate-limit", "lots"), QiuthCli.USAGE, "--rate-limit");
        assertOneLine(run(env, "keys", "add", "--name", "x", "--format", "yaml"), QiuthCli.USAGE, "--format");
        assertOneLine(run(env, "keys", "show"), QiuthCli.USAGE, "ID");
    }

    @Test
    void aDuplicateIdIsRefusedAndPrintsNoSecret() {
        Cli.Run first = add(env, "--name", "dup", "--id", "dup", "--format", "json");
        SECRETS.add(uncheckedJson(first.out()).get("apiKey").asText());
        assertOneLine(run(env, "keys", "add", "--name", "dup", "--id", "dup", "--hmac"), QiuthCli.USAGE, "'dup'", "already exists");
    }

    @Test
    void missingSettingsNameTheVariable() {
        assertOneLine(run(Map.of(), "keys", "list"), QiuthCli.USAGE, "QIUTH_JDBC_URL", "--jdbc-url");
        assertOneLine(run(with(env, "QIUTH_MASTER_KEY", null), "keys", "list"), QiuthCli.USAGE, "QIUTH_MASTER_KEY is not set");
        assertOneLine(run(with(env, "QIUTH_MASTER_KEY", "not-a-key-Pq72"), "keys", "list"), QiuthCli.USAGE, "QIUTH_MASTER_KEY");
        String wrong = MasterKey.generate();
        SECRETS.add(wrong);
        assertOneLine(run(with(env, "QIUTH_MASTER_KEY", wrong), "keys", "list"), QiuthCli.USAGE, "QIUTH_MASTER_KEY");
        assertOneLine(run(with(env, "QIUTH_JDBC_URL", "jdbc:mysql://db/app"), "keys", "list"), QiuthCli.USAGE,
                "QIUTH_JDBC_URL", "jdbc:postgresql:");
        assertOneLine(run(environment(newDatabase(), masterKey), "keys", "list"), QiuthCli.USAGE, "qiuth keys migrate");
    }

    @Test
    void anUnreachableDatabaseGivesOneLineAndExitCode3() throws IOException {
        int closed = FreePort.onLoopback();
        Map<String, String> down = with(env, "QIUTH_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/app");
        long start = System.nanoTime();
        assertOneLine(run(down, "keys", "list"), QiuthCli.CONNECTION, "cannot connect to the database");
        assertOneLine(run(down, "keys", "migrate"), QiuthCli.CONNECTION, "cannot connect to the database");
        assertOneLine(run(down, "keys", "add", "--name", "x", "--totp"), QiuthCli.CONNECTION, "cannot connect to the database");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
