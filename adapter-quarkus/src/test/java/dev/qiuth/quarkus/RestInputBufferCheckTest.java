package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The start-up check that keeps Quarkus REST from reading large pre-read bodies as zeros: its
 * decision, and how it finds Quarkus REST. {@link RestInputBufferStartupTest} proves it stops a
 * real start.
 */
class RestInputBufferCheckTest {
    private static final int ONE_MIB = 1 << 20;

    @Test
    void unsetBufferMeansQuarkusRestsTenKilobytesAndStopsTheStartBelowTheBodyLimit() {
        assertThatThrownBy(() -> RestInputBufferCheck.requireAtLeast(true, Optional.empty(), ONE_MIB))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.rest.input-buffer-size is 10240 bytes (10k when not set)")
                .hasMessageContaining("below qiuth.max-body-bytes=1048576")
                .hasMessageContaining("Set quarkus.rest.input-buffer-size=1048576 or more");
    }

    @Test
    void unsetBufferIsFineForBodyLimitsUpToTenKilobytes() {
        assertThatCode(() -> RestInputBufferCheck.requireAtLeast(true, Optional.empty(), 10_240)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RestInputBufferCheck.requireAtLeast(true, Optional.empty(), 10_241))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void explicitBufferSmallerThanTheBodyLimitStopsTheStartWithTheSettingToUse() {
        assertThatThrownBy(() -> RestInputBufferCheck.requireAtLeast(true, Optional.of("10k"), 65536))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.rest.input-buffer-size is 10240 bytes (10k when not set), below qiuth.max-body-bytes=65536")
                .hasMessageContaining("Set quarkus.rest.input-buffer-size=65536 or more");
    }

    @Test
    void explicitBufferAsLargeAsTheLimitIsFine() {
        assertThatCode(() -> RestInputBufferCheck.requireAtLeast(true, Optional.of("64K"), 65536)).doesNotThrowAnyException();
        assertThatCode(() -> RestInputBufferCheck.requireAtLeast(true, Optional.of("1M"), ONE_MIB)).doesNotThrowAnyException();
    }

    @Test
    void withoutQuarkusRestAnyBufferIsFine() {
        assertThatCode(() -> RestInputBufferCheck.requireAtLeast(false, Optional.empty(), ONE_MIB)).doesNotThrowAnyException();
        assertThatCode(() -> RestInputBufferCheck.requireAtLeast(false, Optional.of("1k"), ONE_MIB)).doesNotThrowAnyException();
    }

    @Test
    void quarkusRestIsFoundOnTheClassPathThatHasItAndNotOnOneWithout() {
        assertThat(RestInputBufferCheck.quarkusRestPresent(RestInputBufferCheckTest.class.getClassLoader()))
                .as("this module's tests run on quarkus-rest").isTrue();
        ClassLoader jdkOnly = new ClassLoader(null) {
        };
        assertThat(RestInputBufferCheck.quarkusRestPresent(jdkOnly)).as("a class path without it").isFalse();
    }
}
