package dev.qiuth.quarkus;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start when Quarkus REST would corrupt the bodies {@link QiuthRouteFilter} reads.
 *
 * <p>Quarkus REST 3.34 hands a non-blocking endpoint ({@code Uni<...> m(byte[] body)}) a body that
 * a filter already read as zeros of the right length when it is larger than
 * {@code quarkus.rest.input-buffer-size} (10 KiB by default): its read listener copies the bytes
 * out once for the endpoint and then once more from the emptied buffers. A buffer at least as large
 * as {@code qiuth.max-body-bytes} keeps every accepted body in the first, correct path.
 *
 * <pre>{@code
 * quarkus.rest.input-buffer-size=1M    # >= qiuth.max-body-bytes (default 1 MiB)
 * }</pre>
 */
final class RestInputBufferCheck {
    static final String PROPERTY = "quarkus.rest.input-buffer-size";

    private RestInputBufferCheck() {
    }

    /** Checks the application's setting; nothing to check without Quarkus REST. */
    static void requireAtLeast(int maxBodyBytes) {
        requireAtLeast(ConfigProvider.getConfig().getOptionalValue(PROPERTY, String.class), maxBodyBytes);
    }

    /** @throws IllegalStateException naming the setting to use */
    static void requireAtLeast(Optional<String> inputBufferSize, int maxBodyBytes) {
        long buffer = inputBufferSize.map(s -> new MemorySizeConverter().convert(s).asLongValue())
                .orElse(Long.MAX_VALUE);
        if (buffer < maxBodyBytes) {
            throw new IllegalStateException("set " + PROPERTY + "=" + maxBodyBytes + " (now " + buffer
                    + " bytes): it must be at least qiuth.max-body-bytes, else Quarkus REST non-blocking endpoints"
                    + " read larger bodies as zeros");
        }
    }
}
