package dev.qiuth.examples.jaxrs;

import dev.qiuth.QiuthPrincipal;
import dev.qiuth.jaxrs.QiuthProtected;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The example's resources: an open health check and the protected API. */
final class ExampleResources {
    /** Shaped and sized like the principal {@code /api/hello} returns, so the two compare fairly under load. */
    static final String PUBLIC_HELLO =
            "{\"keyId\":\"public\",\"name\":\"open twin\",\"owner\":null,\"scopes\":[],\"factors\":[\"NONE\"]}";

    private ExampleResources() {
    }

    @Path("/health")
    public static class Health {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String health() {
            return "ok";
        }
    }

    /** The open twin of {@code GET /api/hello}: same handler shape, no key; the load benchmark's baseline. */
    @Path("/public")
    public static class Public {
        @GET
        @Path("hello")
        @Produces(MediaType.APPLICATION_JSON)
        public String hello(@Context SecurityContext security) {
            // the caller taken as /api/hello takes it (there is none here): Jersey's injection of the
            // context costs more than Qiuth's whole decision, and belongs to both endpoints alike
            Principal caller = security.getUserPrincipal();
            return caller == null ? PUBLIC_HELLO : caller.getName();
        }
    }

    @Path("/api")
    @QiuthProtected
    public static class Api {
        /** Who the caller is, and which factors it proved. */
        @GET
        @Path("hello")
        @Produces(MediaType.APPLICATION_JSON)
        public String hello(@Context SecurityContext security) {
            return ((QiuthPrincipal) security.getUserPrincipal()).toJson();
        }

        /** The exact bytes the caller signed. */
        @POST
        @Path("echo")
        @Produces(MediaType.APPLICATION_OCTET_STREAM)
        public byte[] echo(byte[] body) {
            return body;
        }
    }
}
