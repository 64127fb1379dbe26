package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.FreePort;
import dev.qiuth.totp.TotpConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the example apps' tests (shipped in this module's test-jar): starts a real PostgreSQL with one
 * key (API key + TOTP + HMAC), runs the app's jar as a process with only the {@code QIUTH_JDBC_*}
 * and {@code QIUTH_MASTER_KEY} variables, and proves that the app grants the stored key, refuses
 * it within 2 s of a revoke, and never prints a secret.
 *
 * <pre>{@code
 * @Test
 * void servesTheKeysInPostgres() throws Exception {
 *     ExampleAppKeysCheck.verify(Path.of("target", "my-example.jar"));
 * }
 * }</pre>
 */
public final class ExampleAppKeysCheck {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private ExampleAppKeysCheck() {
    }

    public static void verify(Path jar) throws Exception {
        assertThat(jar).as("example jar (build it with ./mvnw package)").isRegularFile();
        CredentialGenerator gen = new CredentialGenerator();
        String apiKey = gen.apiKey("db_");
        String totp = gen.totpSecret();
        String hmac = gen.hmacSecret();
        String masterKey = MasterKey.generate();
        try (TestDatabase db = TestDatabase.start()) {
            PostgresKeyAdmin admin = PostgresKeyAdmin.create(db.pool(), MasterKey.of(masterKey));
            admin.add(NewKey.builder().id("example-db").apiKey(apiKey).totp(TotpConfig.of(totp))
                    .hmac(Secret.of(hmac), null).build());
            int port = FreePort.onLoopback();
            Path log = jar.toAbsolutePath().getParent().resolve(jar.getFileName() + ".postgres.log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("QIUTH_"));
            pb.environment().put("PORT", Integer.toString(port));
            pb.environment().put("QIUTH_JDBC_URL", db.jdbcUrl());
            pb.environment().put("QIUTH_JDBC_USER", "postgres");
            pb.environment().put("QIUTH_JDBC_PASSWORD", "postgres");
            pb.environment().put("QIUTH_MASTER_KEY", masterKey);
            Process process = pb.start();
            try {
                String base = "http://localhost:" + port;
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                awaitHealth(http, base, process, log);
                RequestSigner signer = RequestSigner.builder().apiKey(apiKey).totpSecret(totp).hmacSecret(hmac).build();
                HttpResponse<String> granted = get(http, signer, base + "/api/hello?n=0");
                assertThat(granted.statusCode()).as("stored key: %s", granted.body()).isEqualTo(200);
                assertThat(granted.body()).contains("example-db", "\"TOTP\"", "\"HMAC\"");

                assertThat(admin.revoke("example-db")).isTrue();
                Instant revoked = Instant.now();
                int status = 200;
                for (int n = 1; status != 401 && Duration.between(revoked, Instant.now()).compareTo(Duration.ofSeconds(2)) < 0; n++) {
                    status = get(http, signer, base + "/api/hello?n=" + n).statusCode();
                    if (status != 401) {
                        Thread.sleep(20); // polling for the change notice, a bounded loop
                    }
                }
                assertThat(status).as("refused within 2 s of the revoke").isEqualTo(401);
            } finally {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            for (String secret : List.of(apiKey, totp, hmac, masterKey)) {
                assertThat(output).as("the app's output must not contain a secret").doesNotContain(secret);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, RequestSigner signer, String url)
            throws IOException, InterruptedException {
        Map<String, String> headers = signer.sign("GET", url, (byte[]) null);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitHealth(HttpClient http, String base, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("example app exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(100); // polling a starting process
        }
        throw new AssertionError("example app did not answer /health within " + STARTUP.toSeconds() + " s:\n"
                + Files.readString(log));
    }
}
