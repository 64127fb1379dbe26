package dev.qiuth.examples;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code TRACE} with 405 on every path, before any servlet sees it. A TRACE response
 * echoes the request, credentials and signatures included, so no path of this app serves it.
 */
final class TraceRefusal extends Handler.Wrapper {
    TraceRefusal(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.TRACE.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST, OPTIONS");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        return true;
    }
}
