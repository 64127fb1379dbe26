package dev.qiuth.quarkus;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up check that keeps Quarkus REST from reading large pre-read bodies as zeros. */
class RestInputBufferCheckTest {
    @Test
    void bufferSmallerThanTheBodyLimitStopsTheStartWithTheSettingToUse() {
        assertThatThrownBy(() -> RestInputBufferCheck.requireAtLeast(Optional.of("10k"), 65536))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.rest.input-buffer-size=65536")
                .hasMessageContaining("10240 bytes");
    }

    @Test
    void bufferAsLargeAsTheLimitOrNoQuarkusRestIsFine() {
        assertThatCode(() -> RestInputBufferCheck.requireAtLeast(Optional.of("64K"), 65536)).doesNotThrowAnyException();
        assertThatCode(() -> RestInputBufferCheck.requireAtLeast(Optional.empty(), 1 << 20)).doesNotThrowAnyException();
    }
}
