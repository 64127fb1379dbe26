package dev.qiuth.examples.javalin;

import dev.qiuth.conformance.ExampleAppCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The built jar, started as a process, against the example-app contract. */
class JavalinExampleIT {
    private static final Path JAR = Path.of("target", "qiuth-javalin-example.jar");

    @Test
    void builtJarHonoursTheExampleContract() throws Exception {
        ExampleAppCheck.verify(JAR);
    }

    @Test
    void withoutAKeyItRefusesToStartAndSaysWhichVariablesToSet() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithoutKey(JAR);
    }

    @Test
    void withRedisDownItRefusesToStartWithOneLineNamingTheMaskedUrlAndTheCause() throws Exception {
        ExampleAppCheck.verifyRefusesToStartWithRedisDown(JAR);
    }

    @Test
    void withQiuthRedisUrlTheReplayMemoryAndTheLockoutLiveInRedis() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        redis.start();
        try {
            String url = "redis://127.0.0.1:" + port;
            ExampleAppCheck.verify(JAR, java.util.Map.of("QIUTH_REDIS_URL", url, "QIUTH_REDIS_KEY_PREFIX", "ex:",
                    "QIUTH_FAILURE_LIMIT", "50"));
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
            try (var connection = client.connect()) {
                // the signed requests' fingerprints and the failure counters of the contract's refusals
                java.util.List<String> keys = connection.sync().keys("ex:*");
                org.assertj.core.api.Assertions.assertThat(keys).anyMatch(k -> k.startsWith("ex:r:"));
                org.assertj.core.api.Assertions.assertThat(keys).anyMatch(k -> k.startsWith("ex:l:{fail:"));
            } finally {
                client.shutdown();
            }
        } finally {
            redis.stop();
        }
    }
}
