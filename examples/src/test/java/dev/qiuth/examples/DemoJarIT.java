package dev.qiuth.examples;

import static dev.qiuth.examples.DemoRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.conformance.ExampleAppCheck;
import dev.qiuth.testing.FreePort;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    void withRedisDownItRefusesToStartWithOneLineNamingTheMaskedUrlAndTheCause() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithRedisDown(JAR);
    }

    @Test
    void guidedModePrintsWorkingCommandsAndStopsCleanlyOnSigterm() throws Exception {
        int port = FreePort.onLoopback();
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

            Result full = runLevel4Command(out, port);
            assertThat(full.code()).as(full.out()).isZero();
            assertThat(full.out()).startsWith("HTTP/1.1 200\n").contains("\"level\":\"full\"",
                    "\"factors\":[\"API_KEY\",\"IP_ALLOWLIST\",\"TOTP\",\"CERTIFICATE\",\"HMAC\"]");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            String all = Files.readString(log);
            assertThat(all).as("exit %s", process.exitValue()).contains("Qiuth demo stopped");
            assertThat(out.privateKeyPath()).as("key file deleted on SIGTERM").doesNotExist();
            List<String> startup = all.lines().filter(l -> l.contains("listening on")).toList();
            assertThat(startup).hasSize(1);
            assertThat(startup.get(0)).contains("http://localhost:" + port);
            List<String> logLines = all.lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
            assertThat(logLines).anySatisfy(l -> assertThat(l).contains("decision=granted key=full"));
            for (String secret : List.of(out.curlKey(0), out.curlKey(1), out.curlKey(2), out.export("QIUTH_API_KEY"),
                    out.export("QIUTH_TOTP_SECRET"), out.export("QIUTH_HMAC_SECRET"))) {
                assertThat(logLines).noneSatisfy(l -> assertThat(l).contains(secret));
                assertThat(full.out()).doesNotContain(secret);
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    record Result(int code, String out) {
    }

    /**
     * Runs the level-4 command exactly as printed, from the repository root as the guide says
     * (so {@code cli/target/qiuth.jar} is the shaded jar built by the cli module), in a shell that
     * ran the printed exports: {@code $(cat FILE)} gives the PEM without its final newline.
     */
    private static Result runLevel4Command(GuidedOutput out, int port) throws Exception {
        String printed = out.text().lines().map(String::strip)
                .filter(l -> l.endsWith(" request GET http://localhost:" + port + "/api/full")).findFirst()
                .orElseThrow(() -> new AssertionError("no level-4 command in:\n" + out.text()));
        List<String> command = new ArrayList<>(List.of(printed.split(" ")));
        assertThat(command).startsWith("java", "-jar", "cli/target/qiuth.jar");
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve(command.get(2))).as("the shaded cli jar (./mvnw -B -o -q -pl cli install -DskipTests)")
                .isRegularFile();
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());

        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QIUTH_"));
        for (String name : List.of("QIUTH_API_KEY", "QIUTH_TOTP_SECRET", "QIUTH_HMAC_SECRET")) {
            pb.environment().put(name, out.export(name));
        }
        pb.environment().put("QIUTH_PRIVATE_KEY", out.privateKeyPem().replaceAll("\n+$", ""));
        Process cli = pb.start();
        try {
            String text = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("qiuth request finished").isTrue();
            return new Result(cli.exitValue(), text);
        } finally {
            cli.destroyForcibly();
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
