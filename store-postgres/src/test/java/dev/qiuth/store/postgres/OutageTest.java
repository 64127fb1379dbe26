package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PostgreSQL stopped under a running engine and started again on the same port and data. */
class OutageTest {
    private static TestDatabase db;
    private static MasterKey masterKey;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        masterKey = MasterKey.of(TestKeys.masterKey());
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        assertThat(LogCapture.ofRun().linesContaining(TestKeys.issued())).isEmpty();
    }

    private static Decision call(Node node, String apiKey) {
        return node.authenticate(Requests.withKey(apiKey, "203.0.113.7"));
    }

    @Test
    void cachedKeysKeepWorkingUncachedGet503AndEverythingRecoversWithoutARestart() throws Exception {
        PostgresKeyAdmin admin = PostgresKeyAdmin.create(db.pool(), masterKey);
        String cachedKey = TestKeys.apiKey();
        String uncachedKey = TestKeys.apiKey();
        String revokedKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("cached").apiKey(cachedKey).build());
        admin.add(NewKey.builder().id("uncached").apiKey(uncachedKey).build());
        admin.add(NewKey.builder().id("revoked").apiKey(revokedKey).build());
        admin.revoke("revoked");
        MutableClock logClock = MutableClock.standard();

        try (Node node = new Node(db, masterKey, logClock)) {
            assertThat(call(node, cachedKey)).isInstanceOf(Decision.Granted.class);
            long connectsBefore = node.listener.connects();

            db.stop();
            Poll.until("the listener notices the outage", Duration.ofSeconds(5), () -> !node.listener.connected());

            assertThat(call(node, cachedKey)).isInstanceOf(Decision.Granted.class);
            for (String key : List.of(uncachedKey, revokedKey)) {
                assertThat(call(node, key)).isInstanceOfSatisfying(Decision.Denied.class, d -> {
                    assertThat(d.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(d.status()).isEqualTo(503);
                });
            }
            assertThatThrownBy(() -> node.store.findByHash(dev.qiuth.ApiKeyHash.of(uncachedKey)))
                    .isInstanceOf(dev.qiuth.StoreUnavailableException.class).hasNoCause()
                    .hasMessageNotContaining("127.0.0.1").hasMessageNotContaining("jdbc").hasMessageNotContaining("Connection");
            // a random key: refused (known absent by the hash filter), never granted
            assertThat(call(node, TestKeys.apiKey())).isInstanceOf(Decision.Denied.class);
            // four failed lookups inside one minute: one log line
            assertThat(lookupFailureLines()).isEqualTo(1);
            logClock.advance(Duration.ofSeconds(61));
            assertThat(call(node, uncachedKey)).isInstanceOf(Decision.Denied.class);
            assertThat(lookupFailureLines()).isEqualTo(2);

            db.restart();

            Poll.until("the uncached key is granted again", Duration.ofSeconds(15),
                    () -> call(node, uncachedKey) instanceof Decision.Granted);
            Poll.until("the listener reconnects", Duration.ofSeconds(10),
                    () -> node.listener.connected() && node.listener.connects() > connectsBefore);
            assertThat(call(node, revokedKey)).isInstanceOfSatisfying(Decision.Denied.class,
                    d -> assertThat(d.detail()).isEqualTo("key revoked"));

            // notices flow again: a revoke reaches the cache well before its ten-minute TTL
            assertThat(call(node, cachedKey)).isInstanceOf(Decision.Granted.class);
            admin.revoke("cached");
            Poll.until("the reconnected listener applies a revoke", Duration.ofSeconds(2),
                    () -> call(node, cachedKey) instanceof Decision.Denied);
        }
        assertThat(LogCapture.ofRun().events()).filteredOn(e -> e.logger().equals(PostgresKeyStore.class.getName()))
                .noneMatch(e -> e.text().contains("jdbc:postgresql"));
    }

    private static long lookupFailureLines() {
        return LogCapture.ofRun().lines().stream().filter(l -> l.startsWith(PostgresKeyStore.class.getName())
                && l.contains("key lookup failed")).count();
    }
}
