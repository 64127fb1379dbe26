package dev.qiuth.examples;

import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The demo's handlers. Behind the filter, the principal is a request attribute. */
final class DemoServlets {
    private DemoServlets() {
    }

    /** {@code GET /health}: open, for load balancers and for the curious. */
    static final class Health extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            json(res, "{\"status\":\"ok\"}");
        }
    }

    /** Shaped and sized like the principal {@code /api/hello} returns, so the two compare fairly under load. */
    static final String PUBLIC_HELLO = "{\"keyId\":\"public\",\"name\":\"open twin\",\"owner\":null,\"scopes\":[],\"factors\":[\"NONE\"]}";

    /** {@code GET /public/hello}: the open twin of {@code /api/hello}, the load benchmark's baseline. */
    static final class PublicHello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            json(res, PUBLIC_HELLO);
        }
    }

    /** {@code GET /api/hello}: who the caller proved to be. */
    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            json(res, principal(req).toJson());
        }
    }

    /** {@code POST /api/echo}: the body the filter verified, sent back as it came. */
    static final class Echo extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            byte[] body = req.getInputStream().readAllBytes();
            res.setContentType(req.getContentType() == null ? "application/octet-stream" : req.getContentType());
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        }
    }

    /** One security level of the guided demo: what was required, and the principal that passed. */
    static final class Level extends HttpServlet {
        private final GuidedLevel level;

        Level(GuidedLevel level) {
            this.level = level;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            json(res, "{\"level\":\"" + level.id() + "\",\"message\":\"Access granted: " + level.description()
                    + "\",\"principal\":" + principal(req).toJson() + "}");
        }
    }

    private static QiuthPrincipal principal(HttpServletRequest req) {
        return (QiuthPrincipal) req.getAttribute(Qiuth.PRINCIPAL_ATTRIBUTE);
    }

    private static void json(HttpServletResponse res, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }
}
