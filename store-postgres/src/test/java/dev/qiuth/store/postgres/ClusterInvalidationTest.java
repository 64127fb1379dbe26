package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes, each with a ten-minute cache, over one database: a change reaches both within 2 s. */
class ClusterInvalidationTest {
    private static TestDatabase db;
    private static MasterKey masterKey;
    private static PostgresKeyAdmin admin;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        masterKey = MasterKey.of(TestKeys.masterKey());
        admin = PostgresKeyAdmin.create(db.pool(), masterKey);
        a = new Node(db, masterKey, Clock.systemUTC());
        b = new Node(db, masterKey, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        db.close();
        assertThat(LogCapture.ofRun().linesContaining(TestKeys.issued())).isEmpty();
    }

    private static boolean granted(Node node, String apiKey) {
        return node.authenticate(Requests.withKey(apiKey, "203.0.113.7")) instanceof Decision.Granted;
    }

    @Test
    void aKeyRevokedThroughTheAdminIsRefusedByTheOtherNodeWithinTwoSeconds() {
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("revoke-me").apiKey(apiKey).build());
        Poll.until("both nodes know the new key", Duration.ofSeconds(2), () -> granted(a, apiKey) && granted(b, apiKey));
        assertThat(a.cache.cachedKeys()).isPositive();
        assertThat(b.cache.cachedKeys()).isPositive();

        assertThat(admin.revoke("revoke-me")).isTrue();

        Duration took = Poll.until("node b refuses the revoked key", Duration.ofSeconds(2), () -> !granted(b, apiKey));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        Poll.until("node a refuses it too", Duration.ofSeconds(2), () -> !granted(a, apiKey));
        assertThat(b.authenticate(Requests.withKey(apiKey, "203.0.113.7")))
                .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.detail()).isEqualTo("key revoked"));
    }

    @Test
    void aKeyAddedAfterItWasRememberedAsUnknownIsGrantedWithinTwoSeconds() {
        String apiKey = TestKeys.apiKey();
        assertThat(granted(b, apiKey)).isFalse();
        assertThat(granted(b, apiKey)).isFalse();

        admin.add(NewKey.builder().id("late").apiKey(apiKey).build());

        Poll.until("node b grants the added key", Duration.ofSeconds(2), () -> granted(b, apiKey));
    }

    @Test
    void anUpdateReachesTheOtherNodesCache() {
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("moving").apiKey(apiKey).build());
        Poll.until("node a grants", Duration.ofSeconds(2), () -> granted(a, apiKey));

        admin.update("moving", k -> k.ipAllowlist("198.51.100.0/24"));

        Poll.until("node a applies the new allowlist", Duration.ofSeconds(2), () -> a.authenticate(
                Requests.withKey(apiKey, "203.0.113.7")) instanceof Decision.Denied d && d.code() == ErrorCode.IP_NOT_ALLOWED);
        assertThat(a.authenticate(Requests.withKey(apiKey, "198.51.100.9"))).isInstanceOf(Decision.Granted.class);
    }
}
