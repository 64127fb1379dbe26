package dev.qiuth.examples.micronaut;

import dev.qiuth.QiuthPrincipal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;

/** The example's routes; {@code /api/*} only runs once the Qiuth filter granted the request. */
@Controller
@Consumes(MediaType.ALL)
class ApiController {
    private static final byte[] NONE = new byte[0];
    /** Shaped and sized like the principal {@code /api/hello} returns, so the two compare fairly under load. */
    static final String PUBLIC_HELLO = "{\"keyId\":\"public\",\"name\":\"open twin\",\"owner\":null,\"scopes\":[],\"factors\":[\"NONE\"]}";

    @Get("/health")
    @Produces(MediaType.TEXT_PLAIN)
    String health() {
        return "ok";
    }

    /** The open twin of {@code /api/hello}: the load benchmark's baseline. */
    @Get("/public/hello")
    @Produces(MediaType.APPLICATION_JSON)
    String publicHello() {
        return PUBLIC_HELLO;
    }

    /** Who the caller is, and which factors it proved. */
    @Get("/api/hello")
    @Produces(MediaType.APPLICATION_JSON)
    String hello(QiuthPrincipal principal) {
        return principal.toJson();
    }

    /** The body exactly as signed and received. */
    @Post("/api/echo")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    byte[] echo(@Nullable @Body byte[] body) {
        return body == null ? NONE : body;
    }
}
