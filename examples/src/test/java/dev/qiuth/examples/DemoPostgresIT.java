package dev.qiuth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qiuth.cli.CliEnvironment;
import dev.qiuth.cli.QiuthCli;
import dev.qiuth.client.QiuthClient;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.client.Sleeper;
import dev.qiuth.store.postgres.MasterKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keys in PostgreSQL end to end: {@code qiuth keys} (in process) writes them, two demo jars (child
 * processes, as in production) serve them, and a revoke through the CLI reaches both within 2 s.
 */
class DemoPostgresIT {
    private static final Path JAR = Path.of("target/qiuth-demo.jar");
    private static final String DB_PASSWORD = "demo-db-pass-Jw72kQ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedPostgres postgres;
    private static Map<String, String> env;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        env = new HashMap<>();
        env.put("QIUTH_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        env.put("QIUTH_JDBC_USER", "postgres");
        env.put("QIUTH_JDBC_PASSWORD", DB_PASSWORD);
        env.put("QIUTH_MASTER_KEY", MasterKey.generate());
        Run migrated = cli("keys", "migrate");
        assertThat(migrated.code()).as(migrated.err()).isZero();
        // the first use of a master key binds the database to it (its check row)
        Run listed = cli("keys", "list");
        assertThat(listed.code()).as(listed.err()).isZero();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    /** {@code qiuth} in process, as DemoCallersTest drives it. */
    private static Run cli(String... args) {
        Sleeper noWait = d -> CompletableFuture.completedFuture(null);
        CliEnvironment environment = new CliEnvironment(env, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), noWait);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = QiuthCli.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void twoDemoInstancesServeTheDatabasesKeysAndBothRefuseARevokedOneWithin2Seconds() throws Exception {
        Run added = cli("keys", "add", "--name", "demo-caller", "--id", "demo-caller", "--totp", "--hmac",
                "--ip", "127.0.0.1", "--format", "json");
        assertThat(added.code()).as(added.err()).isZero();
        JsonNode creds = JSON.readTree(added.out());
        Map<String, String> client = Map.of(QiuthCredentials.API_KEY, creds.get("apiKey").asText(),
                QiuthCredentials.TOTP_SECRET, creds.get("totpSecret").asText(),
                QiuthCredentials.HMAC_SECRET, creds.get("hmacSecret").asText());

        List<Process> demos = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            List<String> baseUrls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path log = Path.of("target/qiuth-demo.postgres-" + i + ".log");
                int port = freePort();
                demos.add(startDemo(port, log));
                logs.add(log);
                baseUrls.add("http://localhost:" + port);
            }
            for (int i = 0; i < 2; i++) {
                awaitOutput(logs.get(i), "listening on", demos.get(i));
            }
            // a second key added while the demos run: found at once (the add notice clears unknown entries)
            Run other = cli("keys", "add", "--name", "late", "--id", "late", "--format", "json");
            assertThat(other.code()).as(other.err()).isZero();
            String lateKey = JSON.readTree(other.out()).get("apiKey").asText();

            for (String base : baseUrls) {
                HttpResponse<String> granted = client(client, base).get("/api/hello");
                assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
                assertThat(granted.body()).contains("demo-caller");
                HttpResponse<String> late = client(Map.of(QiuthCredentials.API_KEY, lateKey), base).get("/api/hello");
                assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
            }

            Run revoked = cli("keys", "revoke", "demo-caller");
            assertThat(revoked.code()).as(revoked.err()).isZero();
            Instant revokedAt = Instant.now();
            for (String base : baseUrls) {
                int status = 200;
                while (Duration.between(revokedAt, Instant.now()).compareTo(Duration.ofSeconds(2)) < 0) {
                    status = client(client, base).get("/api/hello").statusCode();
                    if (status == 401) {
                        break;
                    }
                    Thread.sleep(20); // polling for the change notice, a bounded loop
                }
                assertThat(status).as("refused by %s within 2 s of the revoke", base).isEqualTo(401);
            }
            // the other key is untouched
            assertThat(client(Map.of(QiuthCredentials.API_KEY, lateKey), baseUrls.get(0)).get("/api/hello").statusCode())
                    .isEqualTo(200);

            for (Path log : logs) {
                String text = Files.readString(log);
                for (String secret : List.of(creds.get("apiKey").asText(), creds.get("totpSecret").asText(),
                        creds.get("hmacSecret").asText(), lateKey, DB_PASSWORD, env.get("QIUTH_MASTER_KEY"))) {
                    assertThat(text).doesNotContain(secret);
                }
            }
        } finally {
            for (Process p : demos) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void aWrongMasterKeyStopsTheDemoWithOneLineNamingTheVariable() throws Exception {
        Path log = Path.of("target/qiuth-demo.postgres-wrong-key.log");
        String wrong = MasterKey.generate();
        ProcessBuilder pb = demo(freePort(), log);
        pb.environment().put("QIUTH_MASTER_KEY", wrong);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String text = Files.readString(log);
        assertThat(text).contains("qiuth-demo: QIUTH_MASTER_KEY").doesNotContain(wrong).doesNotContain(DB_PASSWORD);
    }

    private static QiuthClient client(Map<String, String> credentials, String baseUrl) {
        return QiuthClient.builder().baseUrl(baseUrl).credentials(QiuthCredentials.fromEnvironment(credentials)).build();
    }

    private static Process startDemo(int port, Path log) throws Exception {
        return demo(port, log).start();
    }

    private static ProcessBuilder demo(int port, Path log) {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("QIUTH_"));
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
        return pb;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitOutput(Path log, String expected, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && Files.readString(log).contains(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("demo exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100); // polling a child process's output, not waiting for time to pass
        }
        throw new AssertionError("the demo never printed '" + expected + "':\n" + Files.readString(log));
    }
}
