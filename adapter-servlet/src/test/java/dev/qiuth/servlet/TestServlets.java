package dev.qiuth.servlet;

import dev.qiuth.Qiuth;
import dev.qiuth.QiuthPrincipal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The application behind the filter in the tests: what a handler sees of a granted request. */
final class TestServlets {
    /** How many requests reached a protected servlet: proof that a refused one never did. */
    static final AtomicInteger PROTECTED_CALLS = new AtomicInteger();

    private TestServlets() {
    }

    /** {@code GET /health}: open. */
    public static final class Health extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain");
            res.getWriter().write("ok");
        }
    }

    /**
     * {@code /api/hello}: the principal's JSON, from the request attribute; the name from
     * {@code getUserPrincipal()} in header {@code X-User-Principal}.
     */
    public static final class Hello extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PROTECTED_CALLS.incrementAndGet();
            QiuthPrincipal principal = (QiuthPrincipal) req.getAttribute(Qiuth.PRINCIPAL_ATTRIBUTE);
            Principal user = req.getUserPrincipal();
            res.setHeader("X-User-Principal", user == null ? "none" : user.getName());
            res.setHeader("X-Same-Principal", Boolean.toString(user == principal));
            res.setContentType("application/json");
            res.getOutputStream().write(principal.toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code POST /api/echo}: the body's bytes, read with {@code getInputStream()}. */
    public static final class Echo extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PROTECTED_CALLS.incrementAndGet();
            byte[] body = req.getInputStream().readAllBytes();
            res.setContentType("application/octet-stream");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        }
    }

    /** {@code POST /api/echo-text}: the body read as text with {@code getReader()}, sent back in UTF-8. */
    public static final class EchoText extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PROTECTED_CALLS.incrementAndGet();
            StringBuilder text = new StringBuilder();
            char[] buf = new char[256];
            for (int n; (n = req.getReader().read(buf)) > 0; ) {
                text.append(buf, 0, n);
            }
            res.setContentType("text/plain; charset=UTF-8");
            res.getOutputStream().write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code POST /api/echo-async}: the body's bytes through servlet async and a non-blocking {@link ReadListener}. */
    public static final class EchoAsync extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PROTECTED_CALLS.incrementAndGet();
            AsyncContext async = req.startAsync(req, res);
            ServletInputStream in = req.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.setReadListener(new ReadListener() {
                @Override
                public void onDataAvailable() throws IOException {
                    byte[] buf = new byte[4096];
                    while (in.isReady() && !in.isFinished()) {
                        int n = in.read(buf);
                        if (n > 0) {
                            received.write(buf, 0, n);
                        }
                    }
                }

                @Override
                public void onAllDataRead() throws IOException {
                    HttpServletResponse out = (HttpServletResponse) async.getResponse();
                    out.setContentType("application/octet-stream");
                    out.setContentLength(received.size());
                    out.getOutputStream().write(received.toByteArray());
                    async.complete();
                }

                @Override
                public void onError(Throwable t) {
                    ((HttpServletResponse) async.getResponse()).setStatus(500);
                    async.complete();
                }
            });
        }
    }

    /** {@code /api/form}: the request parameters, one {@code name=value} line each, sorted. */
    public static final class Form extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PROTECTED_CALLS.incrementAndGet();
            String first = req.getParameter("b"); // the first access parses the cached body
            Map<String, String> params = new TreeMap<>();
            req.getParameterMap().forEach((k, v) -> params.put(k, String.join("|", v)));
            StringBuilder sb = new StringBuilder("getParameter(b)=" + first + "\n");
            params.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            res.setContentType("text/plain; charset=UTF-8");
            res.getOutputStream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
