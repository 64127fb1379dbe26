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
    private final Map<String, KeyPolicy> byId = new ConcurrentHashMap<>();

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

    /**
     * Adds a key, or replaces the key with the same id (and so the same hash): found by its API
     * key's hash, and during a {@link dev.qiuth.KeyRotation rotation} by the previous one's too.
     */
    public synchronized void put(KeyPolicy policy) {
        KeyPolicy old = byId.put(policy.id(), policy);
        if (old != null) {
            unindex(old);
        }
        KeyPolicy sameHash = byHash.get(policy.keyHash());
        if (sameHash != null && !sameHash.id().equals(policy.id())) {
            byId.remove(sameHash.id());
            unindex(sameHash);
        }
        byHash.put(policy.keyHash(), policy);
        policy.rotation().flatMap(r -> r.previousKeyHash()).ifPresent(h -> byHash.put(h, policy));
    }

    /** Removes the key with this hash (current or previous); true when it was there. */
    public synchronized boolean remove(ApiKeyHash hash) {
        KeyPolicy policy = byHash.get(hash);
        if (policy == null) {
            return false;
        }
        byId.remove(policy.id());
        unindex(policy);
        return true;
    }

    private void unindex(KeyPolicy policy) {
        byHash.remove(policy.keyHash(), policy);
        policy.rotation().flatMap(r -> r.previousKeyHash()).ifPresent(h -> byHash.remove(h, policy));
    }

    /** How many keys it holds. */
    public int size() {
        return byId.size();
    }

    /** Memory only: never waits. */
    @Override
    public boolean mayBlock() {
        return false;
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
