package dev.qiuth.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.store.KeyStore;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.util.concurrent.EventExecutor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A key store that takes 300 ms per lookup must delay only its own requests: the filter runs the
 * engine off the Netty event loops. The server gets exactly {@value #EVENT_LOOPS} event loops,
 * whatever the machine's core count (by default the count grows with the cores), so the cost of a
 * blocked loop is known: lookups on the loops could overlap at most {@value #EVENT_LOOPS} at a
 * time, and {@code /health} would wait behind them. The store also records the thread of every
 * lookup, and none may be one of those loops. Tried with {@code @ExecuteOn} removed from
 * {@link QiuthFilter#authenticate}: every lookup ran on one of the 4 loops, 4 at once at most,
 * 1.9 s in all, and a {@code /health} waited 1.6 s: each of the last three checks fails on that.
 */
@MicronautTest
@Property(name = "qiuth.excluded-paths", value = "/health")
@Property(name = "test.slow-key-store", value = "true")
// the server's worker loops are the "default" group (Micronaut 4 guide, "Configuring Server Thread Pools")
@Property(name = "micronaut.netty.event-loops.default.num-threads", value = "" + SlowKeyStoreTest.EVENT_LOOPS)
class SlowKeyStoreTest {
    static final String KEY = "mn_slow_Pq4Zt7Wx1Mc9Lv3Ks6Hb0Ny8Gd2Rf5Ja";
    static final int EVENT_LOOPS = 4;
    private static final int REQUESTS = 20;
    /** Far below the stall of lookups on the event loop, far above a healthy answer on a busy box. */
    private static final long HEALTH_BOUND_MS = 750;

    @Inject
    EmbeddedServer server;
    @Inject
    SlowKeyStore store;
    @Inject
    EventLoopGroupRegistry eventLoops;

    @Test
    void slowLookupsRunOffTheEventLoop() throws Exception {
        Set<String> eventLoopThreads = eventLoopThreadNames();
        assertThat(eventLoopThreads).as("the server's event-loop threads").hasSize(EVENT_LOOPS);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/api/hello?n=" + i)));
            b.header(QiuthHeaders.API_KEY, KEY);
            calls.add(client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(store.firstLookup.await(20, TimeUnit.SECONDS)).as("a lookup started").isTrue();

        long worstHealthMs = 0;
        for (int i = 0; i < 5; i++) {
            worstHealthMs = Math.max(worstHealthMs, healthOnAFreshConnectionMs());
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        long allMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Set<String> onEventLoops = new HashSet<>(store.lookupThreads);
        onEventLoops.retainAll(eventLoopThreads);
        System.out.printf("slow key store: %d x %d ms lookups answered in %d ms, %d at once at most on %d threads "
                + "(event loops among them: %s; the server has %d), /health worst %d ms meanwhile%n", REQUESTS,
                SlowKeyStore.DELAY_MS, allMs, store.mostAtOnce.get(), store.lookupThreads.size(), onEventLoops,
                EVENT_LOOPS, worstHealthMs);

        assertThat(store.lookupThreads).as("threads of the lookups").isNotEmpty();
        assertThat(onEventLoops).as("lookups that ran on an event loop").isEmpty();
        assertThat(store.mostAtOnce.get()).as("lookups in flight at once").isGreaterThan(EVENT_LOOPS);
        assertThat(worstHealthMs).as("/health while the lookups ran").isLessThan(HEALTH_BOUND_MS);
    }

    /** The names of the threads of the server's event-loop group, each asked on its own loop. */
    private Set<String> eventLoopThreadNames() throws Exception {
        Set<String> names = new HashSet<>();
        for (EventExecutor loop : eventLoops.getDefaultEventLoopGroup()) {
            names.add(loop.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
        }
        return names;
    }

    /** One request on a new connection, so that it lands on the next event loop in turn. */
    private long healthOnAFreshConnectionMs() throws IOException {
        long t0 = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: localhost:" + server.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private String url(String path) {
        return "http://localhost:" + server.getPort() + path;
    }

    /** A store as slow as a remote database on a bad day; counts the lookups in flight and names their threads. */
    @Singleton
    @Requires(property = "test.slow-key-store", value = "true")
    static class SlowKeyStore implements KeyStore {
        static final long DELAY_MS = 300;
        private static final KeyPolicy POLICY = KeyPolicy.builder().id("slow").apiKey(KEY).build();
        final CountDownLatch firstLookup = new CountDownLatch(1);
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Set<String> lookupThreads = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<KeyPolicy> findByHash(ApiKeyHash hash) {
            lookupThreads.add(Thread.currentThread().getName());
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            firstLookup.countDown();
            try {
                Thread.sleep(DELAY_MS); // stands for the round trip to a slow store
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return hash.equals(POLICY.keyHash()) ? Optional.of(POLICY) : Optional.empty();
        }
    }
}
