package dev.qiuth.examples.micronaut;

import dev.qiuth.conformance.ExampleAppCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shaded jar as a user runs it: {@code java -jar target/qiuth-micronaut-example.jar}. */
class ExampleAppIT {
    private static final Path JAR = Path.of("target", "qiuth-micronaut-example.jar");

    @Test
    void builtJarHonoursTheExampleContract() throws Exception {
        ExampleAppCheck.verify(JAR);
    }

    @Test
    void withoutAKeyItRefusesToStartWithOneLineNamingTheVariables() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithoutKey(JAR);
    }
}
