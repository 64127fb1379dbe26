package dev.qiuth.examples.javalin;

import dev.qiuth.conformance.ExampleAppCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built jar, started as a process, against the example-app contract. */
class JavalinExampleIT {
    private static final Path JAR = Path.of("target", "qiuth-javalin-example.jar");

    @Test
    void builtJarHonoursTheExampleContract() throws Exception {
        ExampleAppCheck.verify(JAR);
    }

    @Test
    void withoutAKeyItRefusesToStartAndSaysWhichVariablesToSet() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithoutKey(JAR);
    }
}
