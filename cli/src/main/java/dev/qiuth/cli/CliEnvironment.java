package dev.qiuth.cli;

import dev.qiuth.client.Sleeper;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the commands take from the world: variables, time, standard input and the wait between
 * retries. {@link #system()} for real use; tests give their own, so that no command reads the
 * real environment, clock or terminal.
 *
 * @param env     the {@code QIUTH_*} (and other) variables
 * @param clock   time for TOTP codes and signatures
 * @param stdin   where {@code -} and {@code @-} read from
 * @param sleeper how {@code qiuth request --retries} waits
 */
public record CliEnvironment(Map<String, String> env, Clock clock, InputStream stdin, Sleeper sleeper) {
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Clock.systemUTC(), System.in, Sleeper.system());
    }

    @Override
    public String toString() {
        // the variables hold secrets
        return "CliEnvironment[" + env.size() + " variables, clock=" + clock + "]";
    }
}
