package dev.qiuth.servlet;

import dev.qiuth.KeyPolicy;
import dev.qiuth.Qiuth;
import dev.qiuth.config.EnvironmentConfig;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.Map;

/**
 * What a {@code web.xml} (or {@code FilterRegistration}) declaration of {@link QiuthFilter} says:
 * its init-params, and where the engine comes from when no code handed one over.
 *
 * <p>Engine, first found wins: the {@link Qiuth} given to the filter's constructor; a
 * {@code Qiuth} in the servlet context attribute named by init-param {@value #ENGINE_ATTRIBUTE}
 * (default {@link QiuthFilter#CONTEXT_ATTRIBUTE}); one key from the {@code QIUTH_*} environment
 * variables ({@link EnvironmentConfig}), with init-params {@value #REALM} and
 * {@value #MAX_BODY_BYTES}.
 */
final class FilterSettings {
    /** Excluded paths, one {@code [METHOD ]REGEX} per line or comma; see {@link ExcludedPaths#parse}. */
    static final String EXCLUDE = "exclude";
    /** The servlet context attribute holding the engine. */
    static final String ENGINE_ATTRIBUTE = "qiuth-attribute";
    /** For an engine built from the environment: the {@code WWW-Authenticate} realm. */
    static final String REALM = "realm";
    /** For an engine built from the environment: the body limit in bytes. */
    static final String MAX_BODY_BYTES = "max-body-bytes";

    private final Qiuth given;
    private final ExcludedPaths excludedInCode;
    private final Map<String, String> environment;

    FilterSettings(Qiuth given, ExcludedPaths excludedInCode, Map<String, String> environment) {
        this.given = given;
        this.excludedInCode = excludedInCode;
        this.environment = environment;
    }

    /** A filter built in code: this engine, these exclusions, and whatever the init-params add. */
    static FilterSettings inCode(Qiuth qiuth, ExcludedPaths excluded) {
        return new FilterSettings(qiuth, excluded, Map.of());
    }

    /** A filter declared in {@code web.xml}: the engine from the context or this environment. */
    static FilterSettings declared(Map<String, String> environment) {
        return new FilterSettings(null, ExcludedPaths.none(), environment);
    }

    ExcludedPaths excluded(FilterConfig config) throws ServletException {
        try {
            return excludedInCode.and(ExcludedPaths.parse(config.getInitParameter(EXCLUDE)));
        } catch (IllegalArgumentException e) {
            throw new ServletException("QiuthFilter init-param '" + EXCLUDE + "': " + e.getMessage());
        }
    }

    Qiuth engine(FilterConfig config) throws ServletException {
        if (given != null) {
            return given;
        }
        String attribute = config.getInitParameter(ENGINE_ATTRIBUTE);
        String name = attribute == null || attribute.isBlank() ? QiuthFilter.CONTEXT_ATTRIBUTE : attribute.trim();
        Object shared = config.getServletContext().getAttribute(name);
        if (shared instanceof Qiuth qiuth) {
            return qiuth;
        }
        if (shared != null) {
            throw new ServletException("servlet context attribute '" + name + "' holds a "
                    + shared.getClass().getName() + ", not a " + Qiuth.class.getName());
        }
        try {
            EnvironmentConfig env = EnvironmentConfig.from(environment);
            KeyPolicy policy = env.policy().orElseThrow(() -> new ServletException("QiuthFilter has no engine: put a "
                    + Qiuth.class.getName() + " in servlet context attribute '" + name + "', or set "
                    + EnvironmentConfig.PREFIX + "API_KEY or " + EnvironmentConfig.PREFIX + "HASHED_API_KEY"));
            Qiuth.Builder b = Qiuth.builder().keys(policy).trustedProxies(env.trustedProxies());
            String realm = config.getInitParameter(REALM);
            if (realm != null) {
                b.realm(realm.trim());
            }
            String max = config.getInitParameter(MAX_BODY_BYTES);
            if (max != null) {
                b.maxBodyBytes(Integer.parseInt(max.trim()));
            }
            return b.build();
        } catch (NumberFormatException e) {
            throw new ServletException("QiuthFilter init-param '" + MAX_BODY_BYTES + "' must be a whole number");
        } catch (IllegalArgumentException e) {
            // EnvironmentConfig names the variable, never its value
            throw new ServletException("QiuthFilter configuration: " + e.getMessage());
        }
    }
}
