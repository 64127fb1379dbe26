package dev.qiuth.jaxrs;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Headers;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import dev.qiuth.RequestView;
import dev.qiuth.config.EnvironmentConfig;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Objects;

/**
 * Protects JAX-RS resources with Qiuth: builds a {@link RequestView} from the request (its body
 * handed to the engine and put back for the resource), answers a denial with the engine's ready
 * response, and on a grant makes the {@link QiuthPrincipal} the {@link SecurityContext}'s user
 * principal and the request property {@link Qiuth#PRINCIPAL_ATTRIBUTE}. Registered as it is, it
 * protects every resource; {@link #forAnnotated} only those annotated {@link QiuthProtected}. It
 * runs after matching (not {@code @PreMatching}), so the body is read on a worker thread.
 *
 * <pre>{@code
 * ResourceConfig app = new ResourceConfig(ApiResource.class).register(QiuthFilter.forAnnotated(qiuth));
 *
 * @GET @Path("/hello") @QiuthProtected
 * public String hello(@Context SecurityContext security) { ... security.getUserPrincipal() ... }
 * }</pre>
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class QiuthFilter implements ContainerRequestFilter, Feature {
    private final Qiuth qiuth;
    private final RemoteAddressResolver remoteAddress;

    /** For discovery as a {@code @Provider}: one key from {@code QIUTH_*}, else an error naming the variables. */
    public QiuthFilter() {
        this(EnvironmentConfig.from(System.getenv()).engineBuilder().build());
    }

    /** A filter with the {@linkplain RemoteAddressResolver#standard() standard} peer address source. */
    public QiuthFilter(Qiuth qiuth) {
        this(qiuth, RemoteAddressResolver.standard());
    }

    /** A filter that learns the socket peer's address from {@code remoteAddress}. */
    public QiuthFilter(Qiuth qiuth, RemoteAddressResolver remoteAddress) {
        this.qiuth = Objects.requireNonNull(qiuth, "qiuth");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /** A filter bound by name to the resources and methods annotated {@link QiuthProtected}. */
    public static QiuthFilter forAnnotated(Qiuth qiuth) {
        return forAnnotated(qiuth, RemoteAddressResolver.standard());
    }

    /** As {@link #forAnnotated(Qiuth)}, with a peer address source. */
    public static QiuthFilter forAnnotated(Qiuth qiuth, RemoteAddressResolver remoteAddress) {
        return new AnnotatedOnly(qiuth, remoteAddress);
    }

    /** Registers {@link WireMethod}, so that a {@code HEAD} is judged as {@code HEAD}. */
    @Override
    public boolean configure(FeatureContext context) {
        if (!context.getConfiguration().isRegistered(WireMethod.class)) {
            context.register(new WireMethod());
        }
        return true;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        Headers.Builder headers = Headers.builder();
        request.getHeaders().forEach(headers::addAll);
        RequestView view = RequestView.builder().method(WireMethod.of(request)).scheme(uri.getScheme())
                .hostHeader(request.getHeaders().getFirst("Host")).rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery())
                .headers(headers.build()).remoteAddress(remoteAddress.remoteAddress(request))
                .body(request.getEntityStream(), request.getLength()).build();
        Decision decision = qiuth.authenticate(view);
        if (decision instanceof Decision.Granted granted) {
            request.setEntityStream(new ByteArrayInputStream(granted.body()));
            request.setSecurityContext(new QiuthSecurityContext(granted.principal(), request.getSecurityContext()));
            request.setProperty(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
            return;
        }
        DenialResponse denial = ((Decision.Denied) decision).response();
        Response.ResponseBuilder response = Response.status(denial.status()).entity(denial.body());
        denial.headers().forEach(response::header);
        request.abortWith(response.build());
    }
}
