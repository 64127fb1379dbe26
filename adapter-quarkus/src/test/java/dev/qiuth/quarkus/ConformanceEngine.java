package dev.qiuth.quarkus;

import dev.qiuth.Qiuth;
import dev.qiuth.conformance.ConformanceFixture;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Replaces the configured engine with the conformance suite's (enabled by {@link ConformanceProfile}). */
@Alternative
@Singleton
public class ConformanceEngine {
    @Produces
    @Alternative
    @Singleton
    Qiuth qiuth() {
        return ConformanceFixture.qiuth();
    }
}
