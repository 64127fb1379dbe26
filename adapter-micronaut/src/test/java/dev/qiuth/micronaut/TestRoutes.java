package dev.qiuth.micronaut;

import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestAttribute;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;

/** The routes of the conformance contract, plus two that read the principal the other ways. */
@Controller
@Consumes(MediaType.ALL)
class TestRoutes {
    private static final byte[] NONE = new byte[0];

    @Get("/health")
    @Produces(MediaType.TEXT_PLAIN)
    String health() {
        return "ok";
    }

    @Get("/api/hello")
    @Produces(MediaType.APPLICATION_JSON)
    String hello(QiuthPrincipal principal) {
        return principal.toJson();
    }

    @Get("/api/user-principal")
    @Produces(MediaType.TEXT_PLAIN)
    String userPrincipal(HttpRequest<?> request) {
        return request.getUserPrincipal().map(Principal::getName).orElse("none");
    }

    @Get("/api/attribute")
    @Produces(MediaType.APPLICATION_JSON)
    String attribute(@RequestAttribute(Qiuth.PRINCIPAL_ATTRIBUTE) QiuthPrincipal principal) {
        return principal.toJson();
    }

    @Post("/api/echo")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    byte[] echo(@Nullable @Body byte[] body) {
        return body == null ? NONE : body;
    }

    @Post("/api/echo-async")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    CompletableFuture<byte[]> echoAsync(@Nullable @Body byte[] body) {
        return CompletableFuture.completedFuture(body == null ? NONE : body);
    }

    /** Not protected in the smoke tests: the body still reaches the handler untouched. */
    @Post("/open/echo")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    byte[] openEcho(@Nullable @Body byte[] body, @Nullable QiuthPrincipal principal) {
        return principal != null ? "principal on an open path".getBytes() : body == null ? NONE : body;
    }
}
