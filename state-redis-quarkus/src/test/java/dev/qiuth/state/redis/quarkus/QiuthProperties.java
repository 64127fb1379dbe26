package dev.qiuth.state.redis.quarkus;

import dev.qiuth.quarkus.QiuthConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** {@code qiuth.*} properties read through the adapter's real {@code @ConfigMapping}, without starting Quarkus. */
final class QiuthProperties {
    private QiuthProperties() {
    }

    /**
     * <pre>{@code
     * QiuthConfig config = QiuthProperties.read(Map.of("qiuth.redis-url", "redis://127.0.0.1:6379"));
     * }</pre>
     */
    static QiuthConfig read(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(QiuthConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build().getConfigMapping(QiuthConfig.class);
    }
}
