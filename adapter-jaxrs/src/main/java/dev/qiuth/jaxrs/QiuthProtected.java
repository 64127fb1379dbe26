package dev.qiuth.jaxrs;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the resource classes and methods that {@link QiuthFilter#forAnnotated} protects; the
 * others stay open.
 *
 * <pre>{@code
 * @Path("/api")
 * @QiuthProtected
 * public class ApiResource { ... }
 * }</pre>
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface QiuthProtected {
}
