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
 * as {@code qiuth.max-body-bytes} keeps every accepted body in the first, correct path. The default
 * counts as a setting: an application that sets nothing has 10 KiB, and is refused.
 *
 * <pre>{@code
 * quarkus.rest.input-buffer-size=1M    # >= qiuth.max-body-bytes (default 1 MiB)
 * }</pre>
 */
final class RestInputBufferCheck {
    static final String PROPERTY = "quarkus.rest.input-buffer-size";
    /** Quarkus REST's {@code @WithDefault} of {@code ResteasyReactiveConfig.inputBufferSize()} in 3.34. */
    static final String QUARKUS_REST_DEFAULT = "10k";
    /** A class of the Quarkus REST server ({@code quarkus-rest}); its client alone has no such endpoints. */
    static final String QUARKUS_REST_SERVER = "io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder";

    private RestInputBufferCheck() {
    }

    /** Checks the running application; nothing to check without Quarkus REST. */
    static void requireAtLeast(int maxBodyBytes) {
        // Quarkus 3.34 records build-time-fixed values, defaults included, in its "BuildTime RunTime Fixed"
        // source, so an unset property reads "10k" here; should a Quarkus read it as empty, the default still counts
        requireAtLeast(quarkusRestPresent(RestInputBufferCheck.class.getClassLoader()),
                ConfigProvider.getConfig().getOptionalValue(PROPERTY, String.class), maxBodyBytes);
    }

    /**
     * @param inputBufferSize the setting as Config reads it; empty stands for Quarkus REST's default
     * @throws IllegalStateException naming both settings
     */
    static void requireAtLeast(boolean quarkusRest, Optional<String> inputBufferSize, int maxBodyBytes) {
        if (!quarkusRest) {
            return;
        }
        long buffer = new MemorySizeConverter().convert(inputBufferSize.orElse(QUARKUS_REST_DEFAULT)).asLongValue();
        if (buffer < maxBodyBytes) {
            throw new IllegalStateException("Quarkus REST is present and " + PROPERTY + " is " + buffer + " bytes"
                    + " (" + QUARKUS_REST_DEFAULT + " when not set), below qiuth.max-body-bytes="
                    + maxBodyBytes + ": its non-blocking endpoints would read larger bodies as zeros. Set " + PROPERTY
                    + "=" + maxBodyBytes + " or more (a build-time setting), or lower qiuth.max-body-bytes");
        }
    }

    /** Whether the Quarkus REST server is on the application's class path. */
    static boolean quarkusRestPresent(ClassLoader loader) {
        try {
            Class.forName(QUARKUS_REST_SERVER, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
