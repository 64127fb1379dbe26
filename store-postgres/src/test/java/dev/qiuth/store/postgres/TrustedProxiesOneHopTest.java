package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.store.InMemoryKeyStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key's own "trust one hop" ({@link TrustedProxies#oneHop()}, column
 * {@code trusted_proxies_one_hop}) through PostgreSQL: stored, shown, and judged by the engine
 * exactly as the same policy held in memory.
 */
class TrustedProxiesOneHopTest {
    private static final String PROXY = "10.9.8.7";

    private static TestDatabase db;
    private static PostgresKeyStore store;
    private static PostgresKeyAdmin admin;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        MasterKey masterKey = MasterKey.of(TestKeys.masterKey());
        store = PostgresKeyStore.create(db.pool(), masterKey);
        admin = PostgresKeyAdmin.create(db.pool(), masterKey);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @BeforeEach
    void emptyTable() {
        db.clearKeys();
    }

    @Test
    void aOneHopKeyJudgesXForwardedForAsTheSamePolicyInMemory() {
        String apiKey = TestKeys.apiKey();
        StoredKey stored = admin.add(NewKey.builder().id("edge").apiKey(apiKey).ipAllowlist("198.51.100.0/24")
                .trustedProxiesOneHop().build());
        assertThat(stored.trustedProxiesOneHop()).isTrue();
        assertThat(stored.trustedProxies()).isNull();

        KeyPolicy fromPostgres = store.findByHash(ApiKeyHash.of(apiKey)).orElseThrow();
        assertThat(fromPostgres.trustedProxies()).contains(TrustedProxies.oneHop());
        KeyPolicy inMemory = KeyPolicy.builder().id("edge").apiKey(apiKey).ipAllowlist("198.51.100.0/24")
                .trustedProxies(TrustedProxies.oneHop()).build();
        // the engine's own proxies stay "none": only the key's setting believes the header
        Qiuth viaPostgres = Qiuth.builder().keyStore(store).build();
        Qiuth viaCore = Qiuth.builder().keyStore(InMemoryKeyStore.of(inMemory)).build();

        List<RequestView> granted = List.of(
                Requests.forwarded(apiKey, PROXY, "198.51.100.7"),
                Requests.forwarded(apiKey, PROXY, "203.0.113.1, 198.51.100.7"),
                Requests.withKey(apiKey, "198.51.100.9"));
        List<RequestView> refused = List.of(
                // one hop: the rightmost entry is the client, whatever the client wrote to its left
                Requests.forwarded(apiKey, PROXY, "198.51.100.7, 203.0.113.1"),
                Requests.withKey(apiKey, PROXY),
                Requests.forwarded(apiKey, PROXY, "unknown"));
        for (RequestView r : granted) {
            assertThat(viaCore.authenticate(r)).isInstanceOf(Decision.Granted.class);
            assertThat(viaPostgres.authenticate(r)).isInstanceOf(Decision.Granted.class);
        }
        for (RequestView r : refused) {
            assertThat(viaCore.authenticate(r)).isInstanceOfSatisfying(Decision.Denied.class,
                    d -> assertThat(d.code()).isEqualTo(ErrorCode.IP_NOT_ALLOWED));
            assertThat(viaPostgres.authenticate(r)).isInstanceOfSatisfying(Decision.Denied.class,
                    d -> assertThat(d.code()).isEqualTo(ErrorCode.IP_NOT_ALLOWED));
        }
    }

    @Test
    void rangesAndOneHopReplaceEachOtherAndSurviveAnUpdate() {
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("k").apiKey(apiKey).ipAllowlist("198.51.100.0/24")
                .trustedProxies(List.of("10.0.0.0/8")).build());
        assertThat(admin.show("k").orElseThrow().trustedProxiesOneHop()).isFalse();

        StoredKey oneHop = admin.update("k", b -> b.trustedProxiesOneHop());
        assertThat(oneHop.trustedProxiesOneHop()).isTrue();
        assertThat(oneHop.trustedProxies()).isNull();
        // an unrelated change keeps it (the update starts from every stored value)
        assertThat(admin.update("k", b -> b.owner("team-edge")).trustedProxiesOneHop()).isTrue();
        assertThat(store.findByHash(ApiKeyHash.of(apiKey)).orElseThrow().trustedProxies()).contains(TrustedProxies.oneHop());

        StoredKey ranges = admin.update("k", b -> b.trustedProxies(List.of("192.168.0.0/16")));
        assertThat(ranges.trustedProxiesOneHop()).isFalse();
        assertThat(ranges.trustedProxies()).containsExactly("192.168.0.0/16");

        StoredKey engines = admin.update("k", b -> b.trustedProxiesOneHop().withoutTrustedProxies());
        assertThat(engines.trustedProxiesOneHop()).isFalse();
        assertThat(engines.trustedProxies()).isNull();
        assertThat(store.findByHash(ApiKeyHash.of(apiKey)).orElseThrow().trustedProxies()).isEmpty();
    }

    @Test
    void oneHopWithoutAnIpAllowlistIsRefusedByTheBuilderAndTheTable() {
        assertThatThrownBy(() -> NewKey.builder().apiKey(TestKeys.apiKey()).trustedProxiesOneHop().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no IP allowlist");
        admin.add(NewKey.builder().id("plain").apiKey(TestKeys.apiKey()).build());
        assertThatThrownBy(() -> db.execute("UPDATE qiuth_keys SET trusted_proxies_one_hop = true WHERE id = 'plain'"))
                .hasMessageContaining("qiuth_keys_trusted_proxies_one_hop");
    }
}
