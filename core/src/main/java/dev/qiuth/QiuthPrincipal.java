package dev.qiuth;

import java.security.Principal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who a granted request comes from: the key's id and metadata, and the factors it proved.
 * {@link #getName()} is the key id.
 *
 * <pre>{@code
 * if (principal.verified(Factor.HMAC)) { ... signed request ... }
 * }</pre>
 */
public record QiuthPrincipal(
        String keyId, String name, String owner, Set<String> scopes, Map<String, String> metadata,
        Set<Factor> factors, Set<Factor> previousCredentials) implements Principal {

    /**
     * @param factors             the factors the request proved
     * @param previousCredentials those of them proved with a credential the key is rotating away
     *                            from (see {@link KeyRotation}); empty outside a rotation
     */
    public QiuthPrincipal {
        scopes = Set.copyOf(scopes);
        metadata = Map.copyOf(metadata);
        factors = Collections.unmodifiableSet(factors.isEmpty() ? EnumSet.noneOf(Factor.class) : EnumSet.copyOf(factors));
        previousCredentials = Collections.unmodifiableSet(previousCredentials.isEmpty() ? EnumSet.noneOf(Factor.class)
                : EnumSet.copyOf(previousCredentials));
    }

    /** A principal that proved every factor with the key's current credentials. */
    public QiuthPrincipal(String keyId, String name, String owner, Set<String> scopes, Map<String, String> metadata,
            Set<Factor> factors) {
        this(keyId, name, owner, scopes, metadata, factors, Set.of());
    }

    /** The same principal, with these factors proved by previous credentials. */
    QiuthPrincipal withPreviousCredentials(Set<Factor> previous) {
        return new QiuthPrincipal(keyId, name, owner, scopes, metadata, factors, previous);
    }

    /**
     * The principal as a JSON object, for handlers that tell a caller who it is:
     * {@code {"keyId":..,"name":..,"owner":..,"scopes":[..],"factors":[..]}} (metadata left out,
     * factors in protocol order; {@code "previousCredentials":[..]} added during a rotation).
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"keyId\":").append(Json.quote(keyId))
                .append(",\"name\":").append(Json.quote(name))
                .append(",\"owner\":").append(owner == null ? "null" : Json.quote(owner))
                .append(",\"scopes\":[");
        String sep = "";
        for (String scope : new java.util.TreeSet<>(scopes)) {
            sb.append(sep).append(Json.quote(scope));
            sep = ",";
        }
        sb.append("],\"factors\":[");
        sep = "";
        for (Factor f : factors) {
            sb.append(sep).append('"').append(f.name()).append('"');
            sep = ",";
        }
        sb.append(']');
        if (!previousCredentials.isEmpty()) {
            sb.append(",\"previousCredentials\":[");
            sep = "";
            for (Factor f : previousCredentials) {
                sb.append(sep).append('"').append(f.name()).append('"');
                sep = ",";
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    @Override
    public String getName() {
        return keyId;
    }

    /** Whether the request proved this factor. */
    public boolean verified(Factor factor) {
        return factors.contains(factor);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
