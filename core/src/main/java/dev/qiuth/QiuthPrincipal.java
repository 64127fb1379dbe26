package dev.qiuth;

import java.security.Principal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
        // sorted once here, so toJson() lists them in order without sorting per request
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
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
        StringBuilder sb = new StringBuilder(256).append("{\"keyId\":");
        Json.appendQuoted(sb, keyId).append(",\"name\":");
        Json.appendQuoted(sb, name).append(",\"owner\":");
        (owner == null ? sb.append("null") : Json.appendQuoted(sb, owner)).append(",\"scopes\":[");
        String sep = "";
        for (String scope : scopes) {
            Json.appendQuoted(sb.append(sep), scope);
            sep = ",";
        }
        sb.append("],\"factors\":[");
        appendNames(sb, factors);
        sb.append(']');
        if (!previousCredentials.isEmpty()) {
            sb.append(",\"previousCredentials\":[");
            appendNames(sb, previousCredentials);
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static void appendNames(StringBuilder sb, Set<Factor> factors) {
        String sep = "";
        for (Factor f : factors) {
            sb.append(sep).append('"').append(f.name()).append('"');
            sep = ",";
        }
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
