package dev.qiuth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An app jar run as its own JVM for a process test: a small heap, quick start-up, its output in a
 * log file the test reads (and shows when the app dies or never becomes ready). Variables of the
 * test's own environment with the given prefixes are removed, so only what the test sets reaches
 * the app.
 *
 * <pre>{@code
 * JarProcess app = JarProcess.start(jar, "128m", Path.of("target/app.log"), Map.of("PORT", "8080"), "QIUTH_");
 * app.awaitReady("app", Duration.ofSeconds(60), () -> healthAnswers());
 * }</pre>
 */
public final class JarProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -Xmx<heap> -XX:TieredStopAtLevel=1 -jar jar} with {@code env} on top of the test's cleaned environment. */
    public static JarProcess start(Path jar, String maxHeap, Path log, Map<String, String> env, String... clearedPrefixes)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = pb.environment();
        for (String prefix : clearedPrefixes) {
            environment.keySet().removeIf(k -> k.startsWith(prefix));
        }
        environment.putAll(env);
        return new JarProcess(pb.start(), log);
    }

    /** Where the app's output goes. */
    public Path log() {
        return log;
    }

    /**
     * Polls {@code ready} every 200 ms until it holds.
     *
     * @throws AssertionError with the app's output when it exits first or {@code timeout} passes
     */
    public void awaitReady(String name, Duration timeout, BooleanSupplier ready) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200); // a bounded poll for a process starting up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(name + ": interrupted waiting for it to start", e);
            }
        }
        throw new AssertionError(name + " was not ready within " + timeout + ":\n" + Files.readString(log));
    }

    /** Asks the app to stop, and forces it after 10 s. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
