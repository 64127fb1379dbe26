package dev.qiuth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.fixture.TestSecrets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryKeyStoreTest {
    private static final String KEY_A = TestSecrets.register("sk_test_store_a_Ue4Wn7Bq1");
    private static final String KEY_B = TestSecrets.register("sk_test_store_b_Jp6Xs3Lc8");

    @Test
    void findsAKeyByItsHash() {
        KeyPolicy a = KeyPolicy.builder().id("a").apiKey(KEY_A).build();
        InMemoryKeyStore store = InMemoryKeyStore.of(a);
        assertThat(store.findByHash(ApiKeyHash.of(KEY_A))).containsSame(a);
        assertThat(store.findByHash(ApiKeyHash.of(KEY_B))).isEmpty();
    }

    @Test
    void replacesAndRemovesKeysAtRunTime() {
        InMemoryKeyStore store = new InMemoryKeyStore();
        store.put(KeyPolicy.builder().id("a").apiKey(KEY_A).build());
        store.put(KeyPolicy.builder().id("a2").apiKey(KEY_A).build());
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.findByHash(ApiKeyHash.of(KEY_A)).orElseThrow().id()).isEqualTo("a2");
        assertThat(store.remove(ApiKeyHash.of(KEY_A))).isTrue();
        assertThat(store.remove(ApiKeyHash.of(KEY_A))).isFalse();
        assertThat(store.findByHash(ApiKeyHash.of(KEY_A))).isEmpty();
    }

    @Test
    void answersAsynchronouslyAtOnce() throws Exception {
        InMemoryKeyStore store = InMemoryKeyStore.of(KeyPolicy.builder().id("b").apiKey(KEY_B).build());
        assertThat(store.findByHashAsync(ApiKeyHash.of(KEY_B)).toCompletableFuture().getNow(null))
                .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("b"));
        assertThat(store.findByHashAsync(ApiKeyHash.of(KEY_A)).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEmpty();
    }
}
