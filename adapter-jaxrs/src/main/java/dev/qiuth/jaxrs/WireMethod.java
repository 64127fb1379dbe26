package dev.qiuth.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Records the request method as it came on the wire, before matching: Jersey serves a
 * {@code HEAD} with a resource's {@code @GET} method and renames the request {@code GET} until
 * the response, so a filter after matching would judge (and verify a signature over) a method
 * the client never sent. Registered by {@link QiuthFilter} itself; it decides nothing.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class WireMethod implements ContainerRequestFilter {
    private static final String PROPERTY = "dev.qiuth.wireMethod";

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PROPERTY, request.getMethod());
    }

    /** The method as received, or the request's current one when this filter did not run. */
    static String of(ContainerRequestContext request) {
        return request.getProperty(PROPERTY) instanceof String method ? method : request.getMethod();
    }
}
