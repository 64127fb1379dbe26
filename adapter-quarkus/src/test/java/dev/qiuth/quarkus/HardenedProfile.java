package dev.qiuth.quarkus;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The configured engine of {@code application.properties} with the hardening settings on:
 * every 401 says only {@code UNAUTHORIZED}, and signed requests must name {@link #HOST}.
 */
public class HardenedProfile implements QuarkusTestProfile {
    static final String HOST = "api.example.test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qiuth.minimal-disclosure", "true", "qiuth.allowed-hosts", HOST + ", other.example.test");
    }
}
