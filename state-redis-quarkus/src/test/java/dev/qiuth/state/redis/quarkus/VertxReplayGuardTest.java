package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.replay.ReplayGuard;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Vert.x replay guard against a real redis-server: SET NX semantics, the shared key layout, expiry. */
class VertxReplayGuardTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(20261203);
    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Test
    void aFingerprintIsNewOnceAcrossNodesThenAReplay() {
        Instant now = Instant.now();
        for (int i = 0; i < 20; i++) {
            byte[] fp = fingerprint();
            ReplayGuard first = i % 2 == 0 ? nodes.a().replayGuard() : nodes.b().replayGuard();
            ReplayGuard other = i % 2 == 0 ? nodes.b().replayGuard() : nodes.a().replayGuard();
            assertThat(first.firstUse(fp, now.plusSeconds(300), now)).isTrue();
            assertThat(other.firstUse(fp, now.plusSeconds(300), now)).isFalse();
            assertThat(first.firstUse(fp, now.plusSeconds(300), now)).isFalse();
        }
    }

    @Test
    void theKeyIsPrefixRColonAndTheRawFingerprintAndLivesUntilTheWindowEnds() {
        byte[] fp = fingerprint();
        Instant now = Instant.now();
        assertThat(nodes.a().replayGuard().firstUse(fp, now.plusSeconds(120), now)).isTrue();
        byte[] key = concat("qiuth:r:".getBytes(StandardCharsets.US_ASCII), fp);
        assertThat(nodes.redis().command(Request.cmd(Command.GET).arg(key)).toString()).isEqualTo("1");
        long pttl = nodes.redis().command(Request.cmd(Command.PTTL).arg(key)).toLong();
        assertThat(pttl).isBetween(110_000L, 120_000L);
    }

    @Test
    void aWindowAlreadyOverStillKeepsTheKeyForAtLeastOneMillisecond() {
        byte[] fp = fingerprint();
        Instant now = Instant.now();
        assertThat(nodes.a().replayGuard().firstUse(fp, now.minusSeconds(5), now)).isTrue();
        // gone after at most 1 ms: a bounded poll for Redis' expiry, not a wait for time to pass
        byte[] key = concat("qiuth:r:".getBytes(StandardCharsets.US_ASCII), fp);
        boolean gone = false;
        for (int i = 0; i < 100 && !gone; i++) {
            gone = nodes.redis().command(Request.cmd(Command.EXISTS).arg(key)).toLong() == 0;
        }
        assertThat(gone).isTrue();
    }

    @Test
    void aFingerprintThatIsNot32BytesIsRefusedBeforeRedis() {
        assertThatThrownBy(() -> nodes.a().replayGuard().firstUse(new byte[31], Instant.now(), Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32-byte");
    }

    @Test
    void onAnEventLoopItRefusesToBlock() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        nodes.vertx().runOnContext(v -> {
            try {
                nodes.a().replayGuard().firstUse(fingerprint(), Instant.now().plusSeconds(60), Instant.now());
                thrown.complete(null);
            } catch (RuntimeException e) {
                thrown.complete(e);
            }
        });
        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event loop");
    }

    @Test
    void aPrefixOfItsOwnKeepsTwoDeploymentsApart() {
        try (VertxRedisState other = VertxRedisState.connect(nodes.vertx(), nodes.redis().config().keyPrefix("staging:").commandTimeout(Duration.ofSeconds(2)).build())) {
            byte[] fp = fingerprint();
            Instant now = Instant.now();
            assertThat(nodes.a().replayGuard().firstUse(fp, now.plusSeconds(60), now)).isTrue();
            assertThat(other.replayGuard().firstUse(fp, now.plusSeconds(60), now)).isTrue();
            byte[] key = concat("staging:r:".getBytes(StandardCharsets.US_ASCII), fp);
            assertThat(nodes.redis().command(Request.cmd(Command.EXISTS).arg(key)).toLong()).isEqualTo(1);
        }
    }

    static byte[] fingerprint() {
        byte[] fp = new byte[32];
        RANDOM.nextBytes(fp);
        return fp;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
