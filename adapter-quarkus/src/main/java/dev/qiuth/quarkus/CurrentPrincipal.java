package dev.qiuth.quarkus;

import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The caller that {@link QiuthRouteFilter} let through, for CDI code: inject it into a resource
 * or a bean and ask for the principal. Request scoped, so it is safe to inject into the
 * singletons that Quarkus REST resources are by default.
 *
 * <pre>{@code
 * @Inject CurrentPrincipal caller;
 *
 * @GET @Path("/api/hello")
 * public String hello() {
 *     return caller.get().toJson();
 * }
 * }</pre>
 *
 * Works wherever Quarkus activates the request context for an HTTP request (Quarkus REST,
 * reactive routes); a plain Vert.x route reads {@code rc.get(Qiuth.PRINCIPAL_ATTRIBUTE)} instead.
 */
@RequestScoped
public class CurrentPrincipal {
    @Inject
    RoutingContext routingContext;

    /** The principal, or empty when the request was not on a protected path. */
    public Optional<QiuthPrincipal> find() {
        return Optional.ofNullable(routingContext.get(Qiuth.PRINCIPAL_ATTRIBUTE));
    }

    /**
     * The principal.
     *
     * @throws IllegalStateException when the request was not on a protected path (check
     *                               {@code qiuth.paths})
     */
    public QiuthPrincipal get() {
        return find().orElseThrow(() -> new IllegalStateException(
                "no Qiuth principal: this request's path is not protected (see qiuth.paths)"));
    }
}
