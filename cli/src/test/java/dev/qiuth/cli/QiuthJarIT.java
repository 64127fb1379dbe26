package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar, run as a user runs it: proves that every dependency is inside. */
class QiuthJarIT {
    static final Path JAR = Path.of(System.getProperty("qiuth.jar", "target/qiuth.jar"));

    record Result(int code, String out) {
    }

    static Result java(String... args) throws Exception {
        return java(java.util.Map.of(), args);
    }

    static Result java(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QIUTH_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void helpRunsFromTheJar() throws Exception {
        assertThat(Files.isRegularFile(JAR)).as(JAR + " exists").isTrue();

        Result r = java("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: qiuth").contains("generate", "request", "Examples:");
    }

    @Test
    void coreAndZxingAreShadedIn() throws Exception {
        Result totp = java("totp", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "--at", "59", "--digits", "8", "--qr", "--issuer", "Acme", "--account", "a");

        assertThat(totp.code()).isZero();
        assertThat(totp.out()).startsWith("94287082\n").contains("otpauth://totp/Acme:a?", "\u2588").doesNotContain("SLF4J");
    }

    @Test
    void aConnectionFailureExits3() throws Exception {
        Result r = java("request", "GET", "http://127.0.0.1:1/", "--api-key", "k");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("qiuth: cannot connect");
    }

    @Test
    void tinkIsShadedInForTheMasterKey() throws Exception {
        Result r = java("generate", "master-key");

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out().strip()).matches("[A-Za-z0-9+/=]{40,}");
    }

    @Test
    void keysAgainstAnUnreachableDatabaseIsOneQuietLineAndExit3() throws Exception {
        String password = "jar-db-pass-Hw82kP";
        Result r = java(java.util.Map.of("QIUTH_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/app", "QIUTH_JDBC_PASSWORD", password,
                "QIUTH_MASTER_KEY", "unused-here"), "keys", "migrate");

        assertThat(r.code()).isEqualTo(3);
        // one line: the pool's and the migration tool's logs stay quiet (slf4j-nop), no SLF4J warning
        assertThat(r.out()).startsWith("qiuth: cannot connect to the database").endsWith("\n");
        assertThat(r.out().strip()).doesNotContain("\n").doesNotContain(password);
    }
}
