package dev.qiuth.examples.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.conformance.ExampleAppCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QIUTH_"));
        pb.environment().put("PORT", "0");
        Process process = pb.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains("QIUTH_API_KEY", "QIUTH_HASHED_API_KEY");
        } finally {
            process.destroyForcibly();
        }
    }
}
