package dev.qiuth.micronaut;

import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Lets a controller method take the {@link QiuthPrincipal} of a request the filter granted.
 * On a path the filter does not protect there is none: the parameter must then be
 * {@code @Nullable}, or Micronaut answers 400.
 *
 * <pre>{@code
 * @Get("/api/orders")
 * List<Order> orders(QiuthPrincipal principal) { return orders.of(principal.getName()); }
 * }</pre>
 */
@Singleton
public class QiuthPrincipalBinder implements TypedRequestArgumentBinder<QiuthPrincipal> {
    private static final Argument<QiuthPrincipal> TYPE = Argument.of(QiuthPrincipal.class);

    @Override
    public Argument<QiuthPrincipal> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<QiuthPrincipal> bind(ArgumentConversionContext<QiuthPrincipal> context,
            HttpRequest<?> source) {
        Optional<QiuthPrincipal> principal = source.getAttribute(Qiuth.PRINCIPAL_ATTRIBUTE, QiuthPrincipal.class);
        return () -> principal;
    }
}
