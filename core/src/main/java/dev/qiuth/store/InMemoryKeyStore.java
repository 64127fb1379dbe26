package dev.qiuth.store;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys held in memory, keyed by hash; the default store. Never blocks, so it is also its own
 * {@link AsyncKeyStore}. Keys can be added, replaced and removed at run time.
 *
 * <pre>{@code
 * InMemoryKeyStore keys = InMemoryKeyStore.of(policyA, policyB);
 * keys.put(rotatedPolicy);
 * }</pre>
 */
public final class InMemoryKeyStore implements KeyStore, AsyncKeyStore {
    private final Map<ApiKeyHash, KeyPolicy> byHash = new ConcurrentHashMap<>();

    public InMemoryKeyStore() {
    }

    public static InMemoryKeyStore of(KeyPolicy... policies) {
        return of(List.of(policies));
    }

    public static InMemoryKeyStore of(Collection<KeyPolicy> policies) {
        InMemoryKeyStore store = new InMemoryKeyStore();
        policies.forEach(store::put);
        return store;
    }

    /** Adds a key, or replaces the key with the same hash. */
    public void put(KeyPolicy policy) {
        byHash.put(policy.keyHash(), policy);
    }

    /** Removes a key; true when it was there. */
    public boolean remove(ApiKeyHash hash) {
        return byHash.remove(hash) != null;
    }

    public int size() {
        return byHash.size();
    }

    @Override
    public Optional<KeyPolicy> findByHash(ApiKeyHash hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    @Override
    public CompletionStage<Optional<KeyPolicy>> findByHashAsync(ApiKeyHash hash) {
        return CompletableFuture.completedFuture(findByHash(hash));
    }
}
