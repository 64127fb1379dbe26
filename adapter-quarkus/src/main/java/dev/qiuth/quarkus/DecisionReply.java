package dev.qiuth.quarkus;

import dev.qiuth.Decision;
import dev.qiuth.DenialResponse;
import dev.qiuth.Qiuth;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** A decision applied to a request: a grant goes on to the route with its principal, a denial is copied out as it is. */
final class DecisionReply {
    private DecisionReply() {
    }

    static void apply(RoutingContext rc, Decision decision) {
        if (decision instanceof Decision.Granted granted) {
            rc.put(Qiuth.PRINCIPAL_ATTRIBUTE, granted.principal());
            rc.next();
        } else {
            send(rc.response(), ((Decision.Denied) decision).response());
        }
    }

    private static void send(HttpServerResponse response, DenialResponse denial) {
        response.setStatusCode(denial.status());
        denial.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(denial.body()));
    }
}
