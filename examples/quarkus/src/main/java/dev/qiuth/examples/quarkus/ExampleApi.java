package dev.qiuth.examples.quarkus;

import dev.qiuth.QiuthPrincipal;
import dev.qiuth.quarkus.CurrentPrincipal;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The example's routes; {@code qiuth.paths=/api/*} puts all but {@code /health} behind the key. */
@Path("/")
public class ExampleApi {
    /** Shaped and sized like the principal {@code /api/hello} returns, so the two compare fairly under load. */
    static final String PUBLIC_HELLO = "{\"keyId\":\"public\",\"name\":\"open twin\",\"owner\":null,\"scopes\":[],\"factors\":[\"NONE\"]}";

    @Inject
    CurrentPrincipal caller;

    @GET
    @Path("health")
    @Produces(MediaType.TEXT_PLAIN)
    public String health() {
        return "ok";
    }

    /** The open twin of {@code /api/hello}: the load benchmark's baseline. */
    @GET
    @Path("public/hello")
    @Produces(MediaType.APPLICATION_JSON)
    public String publicHello() {
        // the caller taken as /api/hello takes it (there is none here), so that the two handlers
        // differ by the protection alone
        return caller.find().map(QiuthPrincipal::toJson).orElse(PUBLIC_HELLO);
    }

    /** Who called, and which factors they proved. */
    @GET
    @Path("api/hello")
    @Produces(MediaType.APPLICATION_JSON)
    public String hello() {
        return caller.get().toJson();
    }

    /** The exact bytes that were signed and checked. */
    @POST
    @Path("api/echo")
    @Consumes(MediaType.WILDCARD)
    public Response echo(byte[] body) {
        return Response.ok(body == null ? new byte[0] : body, MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
    }
}
