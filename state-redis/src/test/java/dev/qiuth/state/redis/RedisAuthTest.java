package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.testing.LogCapture;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Redis that requires a password: the password comes from the URL and never shows. */
class RedisAuthTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String PASSWORD = "pw-7c1e9d2a4b6f8031";
    private static EmbeddedRedis redis;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start("requirepass " + PASSWORD);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void thePasswordInTheUrlIsUsed() {
        RedisStateConfig config = RedisStateConfig.builder("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port).build();
        try (RedisState state = RedisState.connect(config)) {
            assertThat(state.replayGuard().firstUse(new byte[32], NOW.plusSeconds(60), NOW)).isTrue();
            assertThat(state.replayGuard().firstUse(new byte[32], NOW.plusSeconds(60), NOW)).isFalse();
            assertThat(state.toString()).doesNotContain(PASSWORD).contains("redis://***@127.0.0.1:" + redis.port);
        }
    }

    @Test
    void aWrongPasswordFailsClosedWithoutShowingIt() {
        String wrong = "wrong-pw-5d3c1b";
        try (LogCapture logs = LogCapture.start()) {
            RedisStateConfig config = RedisStateConfig.builder("redis://:" + wrong + "@127.0.0.1:" + redis.port).build();
            assertThatThrownBy(() -> RedisState.connect(config))
                    .isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(fullText(e)).doesNotContain(wrong).doesNotContain(PASSWORD))
                    .hasMessageContaining("127.0.0.1:" + redis.port);
            assertThat(logs.text()).doesNotContain(wrong);
        }
    }

    @Test
    void noPasswordFailsClosed() {
        RedisStateConfig config = RedisStateConfig.builder(redis.url()).build();
        // the connection handshake (HELLO) is refused with NOAUTH, so no engine is built over it
        assertThatThrownBy(() -> RedisState.connect(config)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot connect").hasMessageContaining("NOAUTH");
    }

    static String fullText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            for (StackTraceElement el : t.getStackTrace()) {
                text.append(el).append('\n');
            }
        }
        return text.toString();
    }
}
