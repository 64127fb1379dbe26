package dev.qiuth.examples.quarkus;

import dev.qiuth.conformance.ExampleAppCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built app as a user runs it: {@code java -jar target/quarkus-app/quarkus-run.jar}. */
class ExampleAppIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void builtJarHonoursTheExampleContract() throws Exception {
        ExampleAppCheck.verify(JAR);
    }

    @Test
    void withoutAKeyItRefusesToStartWithOneLineNamingTheVariables() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithoutKey(JAR);
    }
}
