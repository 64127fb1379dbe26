package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.replay.InMemoryReplayGuard;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.store.KeyStore;
import dev.qiuth.fixture.Call;
import dev.qiuth.testing.MutableClock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where {@link Qiuth#authenticateAsync} judges a request when the engine has a blocking executor:
 * on that executor whenever a store it calls may block, on the caller's thread when none may.
 */
class AsyncJudgingThreadTest {
    private final MutableClock clock = MutableClock.standard();
    private final ExecutorService workers = Executors.newSingleThreadExecutor(r -> new Thread(r, "qiuth-test-worker"));

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    private Call plain() {
        return Call.get(TestPolicies.URL).from(TestPolicies.ALLOWED_PEER)
                .signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock));
    }

    /** The thread each lookup ran on, and the decision. */
    private String lookupThread(KeyStore inner, ReplayGuard guard) throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        KeyStore watched = new KeyStore() {
            @Override
            public Optional<KeyPolicy> findByHash(ApiKeyHash hash) {
                thread.set(Thread.currentThread().getName());
                return inner.findByHash(hash);
            }

            @Override
            public boolean mayBlock() {
                return inner.mayBlock();
            }
        };
        Qiuth qiuth = Qiuth.builder().clock(clock).keyStore(watched, workers).replayGuard(guard).build();
        Decision d = qiuth.authenticateAsync(plain().view()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(d.granted()).as("granted").isTrue();
        return thread.get();
    }

    @Test
    void inMemoryStoresAreJudgedOnTheCallersThreadWithoutAHandOver() throws Exception {
        InMemoryKeyStore keys = InMemoryKeyStore.of(TestPolicies.plain());
        assertThat(lookupThread(keys, new InMemoryReplayGuard())).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aKeyStoreThatMayBlockIsCalledOnTheExecutor() throws Exception {
        KeyStore database = InMemoryKeyStore.of(TestPolicies.plain())::findByHash; // says nothing: may block
        assertThat(database.mayBlock()).isTrue();
        assertThat(lookupThread(database, new InMemoryReplayGuard())).isEqualTo("qiuth-test-worker");
    }

    @Test
    void aReplayGuardThatMayBlockMovesTheWholeRequestToTheExecutor() throws Exception {
        ReplayGuard shared = new InMemoryReplayGuard()::firstUse; // like a network store
        assertThat(lookupThread(InMemoryKeyStore.of(TestPolicies.plain()), shared)).isEqualTo("qiuth-test-worker");
    }

    /** A body over the limit needs no store: it is refused before the hand-over, on the caller's thread. */
    @Test
    void whatTheRequestAloneTellsIsAnsweredOnTheCallersThreadEvenWhenAStoreMayBlock() throws Exception {
        AtomicReference<String> decidedOn = new AtomicReference<>();
        KeyStore database = InMemoryKeyStore.of(TestPolicies.plain())::findByHash;
        Qiuth qiuth = Qiuth.builder().clock(clock).keyStore(database, workers).maxBodyBytes(4)
                .listener((decision, nanos) -> decidedOn.set(Thread.currentThread().getName())).build();
        Decision d = qiuth.authenticateAsync(Call.post(TestPolicies.URL).body("more than four bytes").view())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(((Decision.Denied) d).reason()).isEqualTo(ErrorCode.BODY_TOO_LARGE);
        assertThat(decidedOn.get()).isEqualTo(Thread.currentThread().getName());

        qiuth.authenticateAsync(plain().view()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(decidedOn.get()).as("a request that needs the store").isEqualTo("qiuth-test-worker");
    }
}
