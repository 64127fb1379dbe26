package dev.qiuth.quarkus;

import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** A route outside Quarkus REST: the filter must guard it too. */
@Singleton
public class PlainVertxRoute {
    static final String PATH = "/api/plain";

    void routes(@Observes Router router) {
        router.get(PATH).handler(rc -> {
            QiuthPrincipal caller = rc.get(Qiuth.PRINCIPAL_ATTRIBUTE);
            rc.response().putHeader("Content-Type", "application/json").end(caller.toJson());
        });
    }
}
