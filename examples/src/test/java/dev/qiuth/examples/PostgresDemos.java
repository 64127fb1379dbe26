package dev.qiuth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.client.QiuthClient;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.store.postgres.MasterKey;
import dev.qiuth.testing.FreePort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The keys-in-PostgreSQL setup the demo process tests share, as a JUnit extension for one test
 * class: before its tests an embedded PostgreSQL on loopback, migrated and bound to a fresh
 * {@code QIUTH_MASTER_KEY} through {@code qiuth keys} (in process); demo jars started on it as
 * child processes; after its tests every demo stopped, then the database.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresDemos DB = new PostgresDemos();
 *
 * String added = DB.cliOk("keys", "add", "--name", "caller", "--format", "json");
 * PostgresDemos.Demo node = DB.launchDemo("node-a");
 * PostgresDemos.awaitListening(node);
 * HttpResponse<String> r = PostgresDemos.client(credentials, node.baseUrl()).get("/api/hello");
 * }</pre>
 */
final class PostgresDemos implements BeforeAllCallback, AfterAllCallback {
    static final Path JAR = Path.of("target/qiuth-demo.jar");
    static final String DB_PASSWORD = "demo-db-pass-Jw72kQ";

    private final Map<String, String> env = new HashMap<>();
    private final List<Process> demos = new ArrayList<>();
    private EmbeddedPostgres postgres;

    /** A demo jar running on the database: its process, its log file and where it listens. */
    record Demo(Process process, Path log, String baseUrl) {
        String logText() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Starts the database, runs {@code qiuth keys migrate}, and binds it to a new master key. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        env.put("QIUTH_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        env.put("QIUTH_JDBC_USER", "postgres");
        env.put("QIUTH_JDBC_PASSWORD", DB_PASSWORD);
        env.put("QIUTH_MASTER_KEY", MasterKey.generate());
        cliOk("keys", "migrate"); // with QIUTH_MASTER_KEY set: the database is bound to it from here on
    }

    /** The master key the database is bound to: a test asserts no log line holds it. */
    String masterKey() {
        return env.get("QIUTH_MASTER_KEY");
    }

    /** {@code qiuth} in process, with the database's variables. */
    InProcessCli.Run cli(String... args) {
        return InProcessCli.run(env, Clock.systemUTC(), d -> CompletableFuture.completedFuture(null), args);
    }

    /** {@link #cli} that must succeed: its standard output. */
    String cliOk(String... args) {
        InProcessCli.Run run = cli(args);
        assertThat(run.code()).as("qiuth %s: %s", String.join(" ", args), run.err()).isZero();
        return run.out();
    }

    /** The demo jar on the database, not yet started, logging to {@code log}; the caller may change its variables. */
    ProcessBuilder demo(int port, Path log) {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("QIUTH_"));
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
        return pb;
    }

    /** Starts a demo jar on a free port, logging to {@code target/qiuth-demo.<name>.log}; stopped by {@link #close()}. */
    Demo launchDemo(String name) throws IOException {
        Path log = Path.of("target/qiuth-demo." + name + ".log");
        int port = FreePort.onLoopback();
        Process process = demo(port, log).start();
        demos.add(process);
        return new Demo(process, log, "http://localhost:" + port);
    }

    /** Waits (bounded) until a launched demo listens. */
    static void awaitListening(Demo demo) throws InterruptedException {
        awaitOutput(demo.log(), "listening on", demo.process());
    }

    static QiuthClient client(Map<String, String> credentials, String baseUrl) {
        return QiuthClient.builder().baseUrl(baseUrl).credentials(QiuthCredentials.fromEnvironment(credentials)).build();
    }

    /**
     * Sends {@code GET path} until the response satisfies {@code wanted} or the deadline has passed:
     * the bounded wait for a change notice to reach another process. The last response is returned.
     */
    static HttpResponse<String> awaitResponse(QiuthClient client, String path, Predicate<HttpResponse<String>> wanted,
            Instant deadline) throws IOException, InterruptedException {
        HttpResponse<String> last = client.get(path);
        while (!wanted.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20); // polling for the change notice, a bounded loop
            last = client.get(path);
        }
        return last;
    }

    /** {@link #awaitResponse} until the status is {@code expected}. */
    static HttpResponse<String> awaitStatus(QiuthClient client, String path, int expected, Instant deadline)
            throws IOException, InterruptedException {
        return awaitResponse(client, path, r -> r.statusCode() == expected, deadline);
    }

    /** Waits (at most 90 s) until a child process's log holds {@code expected}; fails if it exits first. */
    static void awaitOutput(Path log, String expected, Process process) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (read(log).contains(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("demo exited with " + process.exitValue() + ":\n" + read(log));
            }
            Thread.sleep(100); // polling a child process's output, not waiting for time to pass
        }
        throw new AssertionError("the demo never printed '" + expected + "':\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        try {
            for (Process p : demos) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            postgres.close();
        }
    }
}
