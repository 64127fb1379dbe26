package dev.qiuth.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.conformance.ExampleAppCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("QIUTH_"));
        pb.environment().put("PORT", "0");
        Process process = pb.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.exitValue()).isNotZero();
            assertThat(output.lines()).hasSize(1);
            assertThat(output).contains("QIUTH_API_KEY", "QIUTH_HASHED_API_KEY");
        } finally {
            process.destroyForcibly();
        }
    }
}
