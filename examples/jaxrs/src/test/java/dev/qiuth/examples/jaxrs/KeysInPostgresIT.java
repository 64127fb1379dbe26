package dev.qiuth.examples.jaxrs;

import dev.qiuth.store.postgres.ExampleAppKeysCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** With QIUTH_JDBC_URL and no API key, the built app serves the keys of a real PostgreSQL. */
class KeysInPostgresIT {
    @Test
    void servesTheStoredKeyAndRefusesItWithin2SecondsOfARevoke() throws Exception {
        ExampleAppKeysCheck.verify(Path.of("target", "qiuth-jaxrs-example.jar"));
    }
}
