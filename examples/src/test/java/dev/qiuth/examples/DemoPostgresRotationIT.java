package dev.qiuth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qiuth.client.QiuthCredentials;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key's credentials rotated through {@code qiuth keys rotate} while two demo jars (separate
 * processes, one database) serve it: during the transition both nodes grant the old and the new
 * credentials, and a request with the old ones is granted with {@code "previousCredentials"} in
 * the principal and {@code previous=} in the audit line; after {@code qiuth keys
 * complete-rotation} both nodes refuse the old ones within 2 s (LISTEN/NOTIFY) and grant the new.
 *
 * <p>The demo processes run on the real clock, so the transition is not waited out: it is long
 * (1 h), and {@code complete-rotation} ends it, as an operator does once every client has
 * switched. That the engine refuses previous credentials once {@code until} has passed is proven
 * with an injected clock in store-postgres (RotationClusterTest, PostgresRotationTest).
 */
class DemoPostgresRotationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresDemos DB = new PostgresDemos();

    @Test
    void bothNodesGrantOldAndNewDuringTheTransitionAndRefuseTheOldWithin2SecondsOfCompleteRotation() throws Exception {
        JsonNode old = JSON.readTree(DB.cliOk("keys", "add", "--name", "rotating-caller", "--id", "rotating",
                "--hmac", "--ip", "127.0.0.1", "--format", "json"));
        Map<String, String> oldCredentials = credentials(old);

        List<PostgresDemos.Demo> nodes = List.of(DB.launchDemo("rotation-a"), DB.launchDemo("rotation-b"));
        for (PostgresDemos.Demo node : nodes) {
            PostgresDemos.awaitListening(node);
            HttpResponse<String> before = PostgresDemos.client(oldCredentials, node.baseUrl()).get("/api/hello");
            assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
            assertThat(before.body()).contains("\"keyId\":\"rotating\"").doesNotContain("previousCredentials");
        }

        JsonNode fresh = JSON.readTree(DB.cliOk("keys", "rotate", "rotating", "--transition", "1h", "--api-key", "--hmac",
                "--format", "json"));
        Map<String, String> newCredentials = credentials(fresh);
        assertThat(newCredentials).doesNotContainValue(oldCredentials.get(QiuthCredentials.API_KEY));
        assertThat(DB.cliOk("keys", "show", "rotating")).contains("Rotation:", "previous [API_KEY, HMAC] accepted until");

        // the rotate notice reaches both nodes: the new credentials are granted within 2 s, the old still are
        Instant rotated = Instant.now().plusSeconds(2);
        for (PostgresDemos.Demo node : nodes) {
            HttpResponse<String> viaNew = PostgresDemos.awaitStatus(PostgresDemos.client(newCredentials, node.baseUrl()),
                    "/api/hello", 200, rotated);
            assertThat(viaNew.statusCode()).as("new credentials on %s: %s", node.baseUrl(), viaNew.body()).isEqualTo(200);
            assertThat(viaNew.body()).contains("\"keyId\":\"rotating\"").doesNotContain("previousCredentials");

            // the same notice drops the node's cached entry for the old API key: it then names the old generation
            HttpResponse<String> viaOld = PostgresDemos.awaitResponse(PostgresDemos.client(oldCredentials, node.baseUrl()),
                    "/api/hello", r -> r.body().contains("previousCredentials"), rotated);
            assertThat(viaOld.statusCode()).as("old credentials on %s: %s", node.baseUrl(), viaOld.body()).isEqualTo(200);
            JsonNode principal = JSON.readTree(viaOld.body());
            assertThat(principal.get("keyId").asText()).isEqualTo("rotating");
            assertThat(principal.get("previousCredentials").toString()).isEqualTo("[\"API_KEY\",\"HMAC\"]");
        }

        DB.cliOk("keys", "complete-rotation", "rotating");
        Instant completed = Instant.now().plusSeconds(2);
        for (PostgresDemos.Demo node : nodes) {
            HttpResponse<String> viaOld = PostgresDemos.awaitStatus(PostgresDemos.client(oldCredentials, node.baseUrl()),
                    "/api/hello", 401, completed);
            assertThat(viaOld.statusCode()).as("old credentials refused by %s within 2 s of complete-rotation",
                    node.baseUrl()).isEqualTo(401);
            HttpResponse<String> viaNew = PostgresDemos.client(newCredentials, node.baseUrl()).get("/api/hello");
            assertThat(viaNew.statusCode()).as(viaNew.body()).isEqualTo(200);
        }
        assertThat(DB.cliOk("keys", "show", "rotating")).doesNotContain("Rotation:");

        for (PostgresDemos.Demo node : nodes) {
            // the audit lines go through an asynchronous appender: wait (bounded) for them to be written
            PostgresDemos.awaitOutput(node.log(), "previous=[API_KEY, HMAC]", node.process());
            PostgresDemos.awaitOutput(node.log(), "decision=denied", node.process());
            String log = node.logText();
            // the audit line names the generation: the old credentials' grant says which were previous
            assertThat(log).containsPattern("decision=granted key=rotating factors=\\[[^]]*\\] previous=\\[API_KEY, HMAC\\]");
            for (String secret : List.of(old.get("apiKey").asText(), old.get("hmacSecret").asText(),
                    fresh.get("apiKey").asText(), fresh.get("hmacSecret").asText(), PostgresDemos.DB_PASSWORD,
                    DB.masterKey())) {
                assertThat(log).doesNotContain(secret);
            }
        }
    }

    private static Map<String, String> credentials(JsonNode printed) {
        return Map.of(QiuthCredentials.API_KEY, printed.get("apiKey").asText(),
                QiuthCredentials.HMAC_SECRET, printed.get("hmacSecret").asText());
    }
}
