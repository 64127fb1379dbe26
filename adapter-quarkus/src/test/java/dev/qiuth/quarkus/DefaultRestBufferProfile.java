package dev.qiuth.quarkus;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The app of {@code application.properties} without its {@code quarkus.rest.input-buffer-size}
 * (set for the {@code test} profile only), so Quarkus REST's default buffer applies, with
 * {@code qiuth.max-body-bytes} still at 64 KiB.
 */
public class DefaultRestBufferProfile implements QuarkusTestProfile {
    static final String PROFILE = "rest-default-buffer";

    @Override
    public String getConfigProfile() {
        return PROFILE;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // should the check let it start, ExitAtOnce ends it: no port to collide with
        return Map.of("quarkus.http.port", "0");
    }
}
