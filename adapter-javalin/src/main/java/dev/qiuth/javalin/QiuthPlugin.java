package dev.qiuth.javalin;

import dev.qiuth.Qiuth;
import io.javalin.config.JavalinState;
import io.javalin.http.Handler;
import io.javalin.plugin.Plugin;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link QiuthHandler} as a {@code before} handler for path patterns, with patterns
 * left open. Both lists use Javalin's own path syntax and matching, so an excluded path is
 * exactly the routes Javalin would match for it.
 *
 * <p>The handlers are added where the plugin is registered: register it before other
 * {@code before} handlers that should only see authenticated requests.
 *
 * <pre>{@code
 * Javalin app = Javalin.create(cfg -> {
 *     cfg.registerPlugin(new QiuthPlugin(q -> {
 *         q.qiuth = qiuth;
 *         q.paths = List.of("/api/*");
 *         q.excludedPaths = List.of("/api/status");
 *     }));
 *     cfg.routes.get("/api/hello", ctx -> ctx.result(QiuthHandler.principal(ctx).toJson()));
 * }).start(8080);
 * }</pre>
 */
public final class QiuthPlugin extends Plugin<QiuthPlugin.Config> {
    private static final Logger LOG = LoggerFactory.getLogger(QiuthPlugin.class);
    private static final String EXCLUDED = "dev.qiuth.javalin.excluded";

    /** The plugin's settings. */
    public static final class Config {
        /** The engine that judges requests; required. */
        public Qiuth qiuth;
        /** Path patterns to protect; every path by default. */
        public List<String> paths = List.of("*");
        /** Path patterns left open even where they fall under {@link #paths}. */
        public List<String> excludedPaths = List.of();
    }

    public QiuthPlugin(Consumer<Config> userConfig) {
        super(userConfig, new Config());
    }

    @Override
    public void onInitialize(JavalinState state) {
        Config config = pluginConfig;
        if (config.qiuth == null) {
            throw new IllegalArgumentException("QiuthPlugin: qiuth is required");
        }
        if (config.paths == null || config.paths.isEmpty()) {
            throw new IllegalArgumentException("QiuthPlugin: paths must name at least one path pattern");
        }
        List<String> excluded = config.excludedPaths == null ? List.of() : config.excludedPaths;
        for (String path : excluded) {
            state.routes.before(path, ctx -> ctx.attribute(EXCLUDED, Boolean.TRUE));
        }
        QiuthHandler qiuth = QiuthHandler.of(config.qiuth);
        Handler unlessExcluded = ctx -> {
            if (ctx.attribute(EXCLUDED) == null) {
                qiuth.handle(ctx);
            }
        };
        for (String path : config.paths) {
            state.routes.before(path, unlessExcluded);
        }
    }

    @Override
    public void onStart(JavalinState state) {
        if (state.http.maxRequestSize < pluginConfig.qiuth.maxBodyBytes()) {
            LOG.warn("Javalin's http.maxRequestSize ({} bytes) is below Qiuth's maxBodyBytes ({} bytes), so bodies"
                    + " between the two are refused with 413; raise cfg.http.maxRequestSize to Qiuth's limit",
                    state.http.maxRequestSize, pluginConfig.qiuth.maxBodyBytes());
        }
    }
}
