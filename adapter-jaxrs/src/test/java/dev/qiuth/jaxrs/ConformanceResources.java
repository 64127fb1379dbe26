package dev.qiuth.jaxrs;

import dev.qiuth.QiuthPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.concurrent.CompletableFuture;

/** The routes of the conformance suite, as JAX-RS resources. */
final class ConformanceResources {
    private ConformanceResources() {
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
        @GET
        @Path("hello")
        @Produces(MediaType.APPLICATION_JSON)
        public String hello(@Context SecurityContext security) {
            return ((QiuthPrincipal) security.getUserPrincipal()).toJson();
        }

        @POST
        @Path("echo")
        @Produces(MediaType.APPLICATION_OCTET_STREAM)
        public byte[] echo(byte[] body) {
            return body;
        }

        @POST
        @Path("echo-async")
        @Produces(MediaType.APPLICATION_OCTET_STREAM)
        public void echoAsync(byte[] body, @Suspended AsyncResponse response) {
            CompletableFuture.runAsync(() -> response.resume(body));
        }
    }
}
