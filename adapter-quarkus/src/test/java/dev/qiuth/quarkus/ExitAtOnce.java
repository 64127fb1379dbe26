package dev.qiuth.quarkus;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The main of {@link RestInputBufferStartupTest}'s app: exits with 0 as soon as Quarkus has started,
 * so a start the check should have refused ends the test with the wrong exit code instead of
 * serving forever. {@code @QuarkusTest} apps never call it.
 */
@QuarkusMain
public class ExitAtOnce implements QuarkusApplication {
    @Override
    public int run(String... args) {
        return 0;
    }
}
