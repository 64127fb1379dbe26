package dev.qiuth.examples.javalin;

import dev.qiuth.Qiuth;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.config.EnvironmentConfig;
import dev.qiuth.state.redis.RedisState;
import dev.qiuth.javalin.QiuthHandler;
import dev.qiuth.javalin.QiuthPlugin;
import dev.qiuth.store.postgres.PostgresKeys;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Javalin app: {@code GET /health} open, {@code /api/*} protected by one key configured from
 * {@code QIUTH_*} environment variables, listening on {@code PORT} (8080).
 *
 * <pre>
 * QIUTH_API_KEY=... QIUTH_HMAC_SECRET=... PORT=8080 java -jar examples/javalin/target/qiuth-javalin-example.jar
 * </pre>
 */
public final class JavalinExample {
    /** Shaped and sized like the principal {@code /api/hello} returns, so the two compare fairly under load. */
    static final String PUBLIC_HELLO = "{\"keyId\":\"public\",\"name\":\"open twin\",\"owner\":null,\"scopes\":[],\"factors\":[\"NONE\"]}";

    private JavalinExample() {
    }

    public static void main(String[] args) {
        Qiuth qiuth;
        int port;
        try {
            qiuth = qiuthFromEnvironment(System.getenv());
            port = port(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // names the variable that is missing or wrong, never its value: exit 2, as every example
            System.err.println("qiuth-javalin-example: " + e.getMessage());
            System.exit(2);
            return;
        } catch (StoreUnavailableException e) {
            // the store that cannot be reached (URL masked, cause named): exit 1, as every example
            System.err.println("qiuth-javalin-example: " + e.getMessage());
            System.exit(1);
            return;
        }
        Javalin app = create(qiuth).start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    }

    /** The app, not yet started. */
    static Javalin create(Qiuth qiuth) {
        return Javalin.create(cfg -> {
            cfg.http.maxRequestSize = qiuth.maxBodyBytes(); // one body limit: Qiuth's
            cfg.registerPlugin(new QiuthPlugin(q -> {
                q.qiuth = qiuth;
                q.paths = List.of("/api/*");
            }));
            cfg.routes.get("/health", ctx -> ctx.result("ok"));
            // the open twin of /api/hello: the load benchmark's baseline
            cfg.routes.get("/public/hello", ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(PUBLIC_HELLO));
            cfg.routes.get("/api/hello", ctx -> ctx.contentType(ContentType.APPLICATION_JSON)
                    .result(QiuthHandler.principal(ctx).toJson()));
            cfg.routes.post("/api/echo", ctx -> ctx.contentType(ContentType.APPLICATION_OCTET_STREAM)
                    .result(ctx.bodyAsBytes()));
        });
    }

    /**
     * The engine for the one key the variables describe, or for the keys in PostgreSQL when
     * {@code QIUTH_JDBC_URL} is set without a key, with the lockout the variables set; with
     * {@code QIUTH_REDIS_URL}, replay memory and counters shared through Redis. What it opens is
     * closed at exit. Fails naming the variables to set.
     */
    static Qiuth qiuthFromEnvironment(Map<String, String> env) {
        EnvironmentConfig config = EnvironmentConfig.from(env);
        // QIUTH_JDBC_URL without an API key: every key of the PostgreSQL database, kept in step across nodes
        Optional<PostgresKeys> database = PostgresKeys.whenConfigured(config);
        database.ifPresent(keys -> Runtime.getRuntime().addShutdownHook(new Thread(keys::close, "qiuth-keys-close")));
        Qiuth.Builder builder = database.map(keys -> config.engineBuilder(keys.keyStore())).orElseGet(config::engineBuilder);
        config.redis().map(RedisState::fromSettings).ifPresent(redis -> {
            builder.replayGuard(redis.replayGuard()).rateLimiter(redis.rateLimiter());
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "qiuth-redis-close"));
        });
        return builder.build();
    }

    static int port(Map<String, String> env) {
        String value = env.getOrDefault("PORT", "8080").trim();
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("PORT must be a port number from 0 to 65535");
    }
}
