package dev.qiuth.quarkus;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The configured engine over {@link SlowKeyStore}, with a fixed number of event loops so that the
 * time a blocked event loop would cost is known.
 */
public class SlowKeyStoreProfile implements QuarkusTestProfile {
    static final int EVENT_LOOPS = 4;

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SlowKeyStore.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.vertx.event-loops-pool-size", Integer.toString(EVENT_LOOPS));
    }
}
