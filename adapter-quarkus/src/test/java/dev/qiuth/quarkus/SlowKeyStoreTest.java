package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.QiuthHeaders;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A key store that blocks 300 ms per lookup must not stall the event loops: the lookups of 20
 * concurrent protected requests overlap (more of them at once than there are event loops), none
 * runs on an event loop, all finish faster than 4 event loops could serve them one by one (1.5 s),
 * and {@code /health} (a non-blocking endpoint, on the event loop) answers meanwhile. Tried with the
 * engine called on the event loop: 2 lookups at once, 3.2 s in all, a {@code /health} took 1.8 s.
 *
 * <p>The JDK client, not REST Assured: this test times the server, and REST Assured's per-request
 * set-up on 20 threads costs more CPU time on two cores than the server does.
 */
@QuarkusTest
@TestProfile(SlowKeyStoreProfile.class)
class SlowKeyStoreTest {
    private static final int REQUESTS = 20;
    private static final int HEALTH_PROBES = 5;
    /** What the requests would take at best if each event loop did its lookups one after another. */
    private static final Duration SERIAL_ON_EVENT_LOOPS =
            SlowKeyStore.LOOKUP.multipliedBy(REQUESTS / SlowKeyStoreProfile.EVENT_LOOPS);

    @Inject
    SlowKeyStore store;

    @TestHTTPResource("/")
    URI base;

    @Test
    void slowLookupsRunOnWorkersWhileHealthStaysFast() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(get(client, "/health", null)).isEqualTo(200); // warm up client and server
        CountDownLatch halfStarted = store.expectLookups(REQUESTS / 2);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            calls.add(client.sendAsync(request("/api/hello", SlowKeyStore.KEY),
                    HttpResponse.BodyHandlers.discarding()));
        }
        assertThat(halfStarted.await(10, TimeUnit.SECONDS)).as("lookups began").isTrue();

        long[] healthNanos = new long[HEALTH_PROBES];
        for (int i = 0; i < HEALTH_PROBES; i++) {
            // a new client, so a new connection, assigned to the next event loop
            HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long t = System.nanoTime();
            assertThat(get(probe, "/health", null)).isEqualTo(200);
            healthNanos[i] = System.nanoTime() - t;
        }
        for (CompletableFuture<HttpResponse<Void>> call : calls) {
            assertThat(call.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        Duration all = Duration.ofNanos(System.nanoTime() - start);
        Arrays.sort(healthNanos);
        Duration medianHealth = Duration.ofNanos(healthNanos[HEALTH_PROBES / 2]);
        Duration slowestHealth = Duration.ofNanos(healthNanos[HEALTH_PROBES - 1]);
        System.out.printf("slow key store: %d requests x %d ms lookups in %d ms, at most %d at once; "
                        + "/health during them: median %d ms, slowest %d ms%n", REQUESTS, SlowKeyStore.LOOKUP.toMillis(),
                all.toMillis(), store.mostInFlight(), medianHealth.toMillis(), slowestHealth.toMillis());

        assertThat(store.lookupsOnEventLoop()).as("lookups run on an event loop").isZero();
        assertThat(store.mostInFlight()).as("lookups at once").isGreaterThan(SlowKeyStoreProfile.EVENT_LOOPS);
        // a probe behind a blocked loop waits for the lookups queued there (over 1.5 s when tried);
        // two lookups' time leaves room for a probe that loses the CPU to the 20 requests on two cores
        assertThat(slowestHealth).as("slowest /health during the lookups")
                .isLessThan(SlowKeyStore.LOOKUP.multipliedBy(2));
        assertThat(all).as("20 protected requests").isLessThan(SERIAL_ON_EVENT_LOOPS);
    }

    private HttpRequest request(String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (apiKey != null) {
            b.header(QiuthHeaders.API_KEY, apiKey);
        }
        return b.build();
    }

    private int get(HttpClient client, String path, String apiKey) throws Exception {
        return client.send(request(path, apiKey), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
