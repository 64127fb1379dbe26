package dev.qiuth.servlet;

import dev.qiuth.QiuthPrincipal;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A granted request as the application sees it: the body the filter already read (and the
 * signature covered) served again from memory, and the Qiuth principal as the user principal.
 * Form parameters of an {@code application/x-www-form-urlencoded} body are parsed from the cached
 * bytes, since the container can no longer read the consumed stream.
 */
final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;
    private final QiuthPrincipal principal;
    private ServletInputStream stream;
    private BufferedReader reader;
    private Map<String, String[]> parameters;

    CachedBodyRequest(HttpServletRequest request, byte[] body, QiuthPrincipal principal) {
        super(request);
        this.body = body;
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    /** The same stream on every call, as the container's: code may call {@code getInputStream().read()} in a loop. */
    @Override
    public synchronized ServletInputStream getInputStream() {
        if (stream == null) {
            stream = new BodyStream(body);
        }
        return stream;
    }

    @Override
    public synchronized BufferedReader getReader() throws UnsupportedEncodingException {
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset()));
        }
        return reader;
    }

    @Override
    public String getParameter(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public synchronized Map<String, String[]> getParameterMap() {
        if (parameters == null) {
            Map<String, String[]> all = new LinkedHashMap<>(super.getParameterMap()); // the query's, by the container
            String type = getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                addForm(all);
            }
            parameters = Collections.unmodifiableMap(all);
        }
        return parameters;
    }

    private void addForm(Map<String, String[]> into) {
        Charset cs = StandardCharsets.UTF_8; // what browsers send (WHATWG URL), unless declared otherwise
        try {
            if (getCharacterEncoding() != null) {
                cs = charset();
            }
        } catch (UnsupportedEncodingException e) {
            // keep UTF-8: an unknown charset name must not fail parameter access
        }
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), cs);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), cs);
            String[] old = into.getOrDefault(name, new String[0]);
            String[] values = java.util.Arrays.copyOf(old, old.length + 1);
            values[old.length] = value;
            into.put(name, values);
        }
    }

    private static String decode(String s, Charset cs) {
        try {
            return URLDecoder.decode(s, cs);
        } catch (IllegalArgumentException badEscape) {
            return s; // a stray '%' is kept as sent rather than failing the whole request
        }
    }

    /** The request's declared charset; JSON defaults to UTF-8 (RFC 8259), the rest to ISO-8859-1 (Servlet spec). */
    private Charset charset() throws UnsupportedEncodingException {
        String enc = getCharacterEncoding();
        if (enc == null) {
            String type = getContentType();
            boolean json = type != null && type.toLowerCase(Locale.ROOT).matches("application/([\\w.+-]+\\+)?json.*");
            return json ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(enc.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException("unsupported request charset");
        }
    }

    /** The cached body as a servlet stream; also serves non-blocking reads, since all data is at hand. */
    private static final class BodyStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BodyStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException | RuntimeException e) {
                listener.onError(e);
            }
        }
    }
}
