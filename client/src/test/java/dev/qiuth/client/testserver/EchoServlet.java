package dev.qiuth.client.testserver;

import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import dev.qiuth.signature.CanonicalRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the protected test API answers once Qiuth let a request through.
 * <ul>
 * <li>{@code /status/NNN}: answers status NNN.</li>
 * <li>{@code /flaky?id=X&fail=N}: answers 503 to the first N requests for id X, then 200.</li>
 * <li>anything else: 200 with a JSON echo of method, path, query, body hash and principal.</li>
 * </ul>
 */
final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (path.startsWith("/status/")) {
            response.setStatus(Integer.parseInt(path.substring("/status/".length())));
            response.setContentType("text/plain");
            response.getWriter().write("status " + response.getStatus());
            return;
        }
        if (path.equals("/flaky")) {
            int fail = Integer.parseInt(request.getParameter("fail"));
            int seen = flaky.computeIfAbsent(request.getParameter("id"), k -> new AtomicInteger()).incrementAndGet();
            if (seen <= fail) {
                response.setStatus(503);
                response.setContentType("text/plain");
                response.getWriter().write("try again");
                return;
            }
        }
        QiuthPrincipal principal = (QiuthPrincipal) request.getAttribute(Qiuth.PRINCIPAL_ATTRIBUTE);
        byte[] body = (byte[]) request.getAttribute(QiuthTestFilter.BODY_ATTRIBUTE);
        String json = "{\"method\":\"" + request.getMethod() + "\",\"path\":\"" + path
                + "\",\"query\":" + (request.getQueryString() == null ? "null" : quote(request.getQueryString()))
                + ",\"bodyLength\":" + body.length + ",\"bodySha256\":\"" + CanonicalRequest.bodyHash(body)
                + "\",\"principal\":" + principal.toJson() + "}";
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
