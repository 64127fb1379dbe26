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

    @Test
    void withRedisDownItRefusesToStartWithOneLineNamingTheMaskedUrlAndTheCause() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithRedisDown(JAR);
    }

    @Test
    void withABadRedisUrlItRefusesToStartWithOneLineThatDoesNotQuoteIt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("QIUTH_"));
        pb.environment().put("PORT", "0");
        pb.environment().put("QIUTH_API_KEY", "sk_test_quarkus_redis_Pq81Zx");
        pb.environment().put("QIUTH_REDIS_URL", "http://:redis-pw-Mn52@127.0.0.1:6379");
        Process process = pb.start();
        try {
            org.assertj.core.api.Assertions.assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            org.assertj.core.api.Assertions.assertThat(process.exitValue()).isEqualTo(2);
            org.assertj.core.api.Assertions.assertThat(output.lines()).as(output).hasSize(1);
            org.assertj.core.api.Assertions.assertThat(output).contains("QIUTH_REDIS_URL")
                    .doesNotContain("redis-pw-Mn52").doesNotContain("sk_test_quarkus_redis_Pq81Zx");
        } finally {
            process.destroyForcibly();
        }
    }
}
