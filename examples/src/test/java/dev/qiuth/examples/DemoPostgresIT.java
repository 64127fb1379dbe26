package dev.qiuth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.store.postgres.MasterKey;
import dev.qiuth.testing.FreePort;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys in PostgreSQL end to end: {@code qiuth keys} (in process) writes them, two demo jars (child
 * processes, as in production) serve them, and a revoke through the CLI reaches both within 2 s.
 */
class DemoPostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresDemos DB = new PostgresDemos();

    @Test
    void twoDemoInstancesServeTheDatabasesKeysAndBothRefuseARevokedOneWithin2Seconds() throws Exception {
        JsonNode creds = JSON.readTree(DB.cliOk("keys", "add", "--name", "demo-caller", "--id", "demo-caller", "--totp",
                "--hmac", "--ip", "127.0.0.1", "--format", "json"));
        Map<String, String> client = Map.of(QiuthCredentials.API_KEY, creds.get("apiKey").asText(),
                QiuthCredentials.TOTP_SECRET, creds.get("totpSecret").asText(),
                QiuthCredentials.HMAC_SECRET, creds.get("hmacSecret").asText());

        List<PostgresDemos.Demo> demos = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            demos.add(DB.launchDemo("postgres-" + i));
        }
        for (PostgresDemos.Demo demo : demos) {
            PostgresDemos.awaitListening(demo);
        }
        // a second key added while the demos run: found at once (the add notice clears unknown entries)
        String lateKey = JSON.readTree(DB.cliOk("keys", "add", "--name", "late", "--id", "late", "--format", "json"))
                .get("apiKey").asText();

        for (PostgresDemos.Demo demo : demos) {
            HttpResponse<String> granted = PostgresDemos.client(client, demo.baseUrl()).get("/api/hello");
            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            assertThat(granted.body()).contains("demo-caller");
            HttpResponse<String> late = PostgresDemos.client(Map.of(QiuthCredentials.API_KEY, lateKey), demo.baseUrl())
                    .get("/api/hello");
            assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
        }

        DB.cliOk("keys", "revoke", "demo-caller");
        Instant deadline = Instant.now().plusSeconds(2);
        for (PostgresDemos.Demo demo : demos) {
            assertThat(PostgresDemos.awaitStatus(PostgresDemos.client(client, demo.baseUrl()), "/api/hello", 401, deadline)
                    .statusCode()).as("refused by %s within 2 s of the revoke", demo.baseUrl())
                    .isEqualTo(401);
        }
        // the other key is untouched
        assertThat(PostgresDemos.client(Map.of(QiuthCredentials.API_KEY, lateKey), demos.get(0).baseUrl())
                .get("/api/hello").statusCode()).isEqualTo(200);

        for (PostgresDemos.Demo demo : demos) {
            String text = demo.logText();
            for (String secret : List.of(creds.get("apiKey").asText(), creds.get("totpSecret").asText(),
                    creds.get("hmacSecret").asText(), lateKey, PostgresDemos.DB_PASSWORD, DB.masterKey())) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    @Test
    void aWrongMasterKeyStopsTheDemoWithOneLineNamingTheVariable() throws Exception {
        Path log = Path.of("target/qiuth-demo.postgres-wrong-key.log");
        String wrong = MasterKey.generate();
        ProcessBuilder pb = DB.demo(FreePort.onLoopback(), log);
        pb.environment().put("QIUTH_MASTER_KEY", wrong);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String text = Files.readString(log);
        assertThat(text).contains("qiuth-demo: QIUTH_MASTER_KEY").doesNotContain(wrong)
                .doesNotContain(PostgresDemos.DB_PASSWORD);
    }
}
