package dev.qiuth.jaxrs;

import dev.qiuth.Qiuth;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;

/**
 * {@link QiuthFilter#forAnnotated}: JAX-RS binds a filter to {@link QiuthProtected} resources by
 * the annotations of the filter's own class, so the name-bound variant is a class of its own.
 */
@QiuthProtected
@Priority(Priorities.AUTHENTICATION)
final class AnnotatedOnly extends QiuthFilter {
    AnnotatedOnly(Qiuth qiuth, RemoteAddressResolver remoteAddress) {
        super(qiuth, remoteAddress);
    }
}
