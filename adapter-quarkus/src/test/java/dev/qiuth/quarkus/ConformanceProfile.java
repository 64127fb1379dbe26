package dev.qiuth.quarkus;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/** The app protected by the conformance suite's engine. */
public class ConformanceProfile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ConformanceEngine.class);
    }
}
