package dev.qiuth.examples.jaxrs;

import dev.qiuth.conformance.ExampleAppCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built jar, started as a process, against the example-app contract. */
class JaxrsExampleIT {
    private static final Path JAR = Path.of("target", "qiuth-jaxrs-example.jar");

    @Test
    void builtJarHonoursTheExampleContract() throws Exception {
        ExampleAppCheck.verify(JAR);
    }

    @Test
    void withoutAKeyItRefusesToStartAndSaysWhichVariablesToSet() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithoutKey(JAR);
    }
}
