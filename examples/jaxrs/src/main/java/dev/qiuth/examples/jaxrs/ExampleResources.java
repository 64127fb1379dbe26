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

/** The example's resources: an open health check and the protected API. */
final class ExampleResources {
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
