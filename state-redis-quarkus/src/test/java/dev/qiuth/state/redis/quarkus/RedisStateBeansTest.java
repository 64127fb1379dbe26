package dev.qiuth.state.redis.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.testing.LogCapture;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the beans do with {@code qiuth.redis-*} when the application starts. */
class RedisStateBeansTest {
    private static final String PASSWORD = "beans-pw-Vc71";
    @RegisterExtension
    static final TestVertx vertx = new TestVertx();

    @Test
    void redisDownAtStartIsOneLineNamingTheSettingTheMaskedUrlAndTheCause() {
        int closed = RedisProcess.freePort(); // nothing listens there
        var config = QiuthProperties.read(Map.of("qiuth.redis-url", "redis://:" + PASSWORD + "@127.0.0.1:" + closed));
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> new RedisStateBeans().redisState(vertx.get(), config))
                    // Quarkus prints such an exception, when nothing caused it, as its message alone
                    .isInstanceOf(ConfigurationException.class)
                    .hasNoCause()
                    .hasMessageStartingWith("QIUTH_REDIS_URL (qiuth.redis-url): cannot connect to Redis at redis://***@127.0.0.1:"
                            + closed + ": ")
                    .hasMessageContaining("Connection refused")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("\n"));
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }
}
