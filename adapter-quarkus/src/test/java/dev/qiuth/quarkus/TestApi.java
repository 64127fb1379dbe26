package dev.qiuth.quarkus;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The routes of the conformance contract, served by Quarkus REST behind {@link QiuthRouteFilter}. */
@Path("/")
public class TestApi {
    /** Set on echo answers: whether the endpoint ran on the event loop (the non-blocking path). */
    static final String EVENT_LOOP_HEADER = "X-Event-Loop";

    @Inject
    CurrentPrincipal caller;

    /** On the event loop: the slow key store test times it to see that the loops stay free. */
    @GET
    @Path("health")
    @NonBlocking
    @Produces(MediaType.TEXT_PLAIN)
    public String health() {
        return "ok";
    }

    @GET
    @Path("api/hello")
    @Produces(MediaType.APPLICATION_JSON)
    public String hello() {
        return caller.get().toJson();
    }

    /** Open through {@code qiuth.excluded-paths} in the default test configuration. */
    @GET
    @Path("api/open")
    @Produces(MediaType.TEXT_PLAIN)
    public String open() {
        return caller.find().isPresent() ? "principal" : "anonymous";
    }

    @POST
    @Path("api/echo")
    @Consumes(MediaType.WILDCARD)
    public Response echo(byte[] body) {
        return echoed(body);
    }

    @POST
    @Path("api/echo-async")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> echoAsync(byte[] body) {
        return Uni.createFrom().item(() -> echoed(body));
    }

    private static Response echoed(byte[] body) {
        return Response.ok(body == null ? new byte[0] : body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(EVENT_LOOP_HEADER, Context.isOnEventLoopThread())
                .build();
    }
}
