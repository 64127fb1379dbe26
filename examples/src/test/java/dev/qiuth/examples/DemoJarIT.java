package dev.qiuth.examples;

import static dev.qiuth.examples.DemoRequests.request;
import static dev.qiuth.examples.DemoRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.conformance.ExampleAppCheck;
import dev.qiuth.signature.RequestSigner;
import io.restassured.response.Response;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built {@code target/qiuth-demo.jar}, run as {@code java -jar} in a child process. */
class DemoJarIT {
    private static final Path JAR = Path.of("target/qiuth-demo.jar");

    @Test
    void environmentModeHonoursTheExampleAppContract() throws Exception {
        ExampleAppCheck.verify(JAR, Map.of("HOST", "127.0.0.1"));
    }

    @Test
    void guidedModePrintsWorkingCommandsAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target/qiuth-demo.guided.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("QIUTH_"));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
        Process process = pb.start();
        try {
            awaitOutput(log, "request GET http://localhost:" + port + "/api/full", process);
            GuidedOutput out = new GuidedOutput(Files.readString(log));
            String base = "http://localhost:" + port;
            Response basic = request().header("X-API-Key", out.curlKey(0)).get(base + "/api/basic");
            assertThat(basic.statusCode()).isEqualTo(200);

            RequestSigner full = RequestSigner.builder().apiKey(out.export("QIUTH_API_KEY"))
                    .totpSecret(out.export("QIUTH_TOTP_SECRET")).hmacSecret(out.export("QIUTH_HMAC_SECRET"))
                    .privateKeyPem(out.privateKeyPem()).build();
            Response r = send(full.sign("GET", base + "/api/full", (byte[]) null), "GET", base + "/api/full", null);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            String all = Files.readString(log);
            assertThat(all).as("exit %s", process.exitValue()).contains("Qiuth demo stopped");
            assertThat(out.privateKeyPath()).as("key file deleted on SIGTERM").doesNotExist();
            List<String> startup = all.lines().filter(l -> l.contains("listening on")).toList();
            assertThat(startup).hasSize(1);
            assertThat(startup.get(0)).contains("http://localhost:" + port);
            List<String> logLines = all.lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
            assertThat(logLines).isNotEmpty();
            for (String secret : List.of(out.curlKey(0), out.curlKey(1), out.curlKey(2), out.export("QIUTH_API_KEY"),
                    out.export("QIUTH_TOTP_SECRET"), out.export("QIUTH_HMAC_SECRET"))) {
                assertThat(logLines).noneSatisfy(l -> assertThat(l).contains(secret));
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitOutput(Path log, String expected, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (Files.readString(log).contains(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("demo exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100); // polling a child process's output, not waiting for time to pass
        }
        throw new AssertionError("the demo never printed '" + expected + "':\n" + Files.readString(log));
    }
}
