package dev.qiuth.jaxrs;

import dev.qiuth.QiuthPrincipal;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * The caller of a granted request as JAX-RS sees it. Roles are the key's scopes, so
 * {@code @RolesAllowed("read")} works; {@code isSecure} stays what the container said.
 */
record QiuthSecurityContext(QiuthPrincipal principal, SecurityContext original) implements SecurityContext {
    /** The scheme word of Qiuth's {@code WWW-Authenticate} challenge. */
    static final String SCHEME = "ApiKey";

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.hasScope(role);
    }

    @Override
    public boolean isSecure() {
        return original != null && original.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
        return SCHEME;
    }
}
