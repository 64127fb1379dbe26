package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/**
 * A real Quarkus start, with Quarkus REST on the class path, {@code qiuth.max-body-bytes=65536} and
 * no {@code quarkus.rest.input-buffer-size}: Quarkus REST's 10 KiB default applies, and the adapter
 * must refuse to start, naming both settings. (The {@code @QuarkusTest} apps of this module, with
 * 64 KiB, show a large enough buffer starts.)
 */
@QuarkusMainTest
@TestProfile(DefaultRestBufferProfile.class)
class RestInputBufferStartupTest {
    @Test
    @Launch(exitCode = 1)
    void quarkusRestsDefaultBufferBelowTheBodyLimitStopsTheStart(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertThat(output).contains("quarkus.rest.input-buffer-size is 10240 bytes (10k when not set)",
                "below qiuth.max-body-bytes=65536", "Set quarkus.rest.input-buffer-size=65536 or more");
    }
}
