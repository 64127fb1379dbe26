package dev.qiuth.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.DecisionListener;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.util.concurrent.EventExecutor;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the in-memory stores nothing the engine calls may block, so {@link QiuthFilter} judges on
 * the Netty event loop that read the request: no hand-over to the blocking executor and back
 * (its cost per request showed in the HTTP benchmark). {@code SlowKeyStoreTest} proves the other
 * side: a store that may block is never called on an event loop.
 */
@MicronautTest
@Property(name = "qiuth.api-key", value = EventLoopJudgingTest.KEY)
@Property(name = "test.decision-threads", value = "true")
class EventLoopJudgingTest {
    static final String KEY = "mn_loop_7Hq2Vx9Kd4Lz1Wc8Np3Rt6Bm0Js5Gf";

    @Inject
    EmbeddedServer server;
    @Inject
    EventLoopGroupRegistry eventLoops;
    @Inject
    Qiuth qiuth;
    @Inject
    DecisionThreads threads;

    @Test
    void inMemoryStoresAreJudgedOnTheEventLoop() throws Exception {
        assertThat(qiuth.mayBlock()).as("the engine over in-memory stores may block").isFalse();
        for (int i = 0; i < 4; i++) {
            int status = RestAssured.given().header(QiuthHeaders.API_KEY, KEY)
                    .get("http://localhost:" + server.getPort() + "/api/hello").statusCode();
            assertThat(status).isEqualTo(200);
        }
        assertThat(threads.names).as("threads the decisions were made on").isNotEmpty().isSubsetOf(eventLoopThreadNames());
    }

    private Set<String> eventLoopThreadNames() throws Exception {
        Set<String> names = new HashSet<>();
        for (EventExecutor loop : eventLoops.getDefaultEventLoopGroup()) {
            names.add(loop.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
        }
        return names;
    }

    /** Names the thread of every decision. */
    @Singleton
    @Requires(property = "test.decision-threads", value = "true")
    static class DecisionThreads implements DecisionListener {
        final Set<String> names = ConcurrentHashMap.newKeySet();

        @Override
        public void onDecision(Decision decision, long elapsedNanos) {
            names.add(Thread.currentThread().getName());
        }
    }
}
