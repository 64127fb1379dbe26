package dev.qiuth.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange over a plain socket that reads the answer while the request is still being
 * written, for requests a server may refuse before it has read them: a body over the limit.
 *
 * <p>A server that answers 413 after the headers may close the connection with the body unread.
 * A client that writes the whole body before it reads (REST Assured's Apache client does) then
 * fails with a broken pipe instead of seeing the answer, now and then, depending on timing; this
 * one writes on a thread of its own, ignores a failed write, and reports what the server said.
 *
 * <pre>{@code
 * SocketExchange.Reply r = SocketExchange.send(URI.create(url), "POST", headers, body, false);
 * assertThat(r.status()).isEqualTo(413);
 * }</pre>
 */
public final class SocketExchange {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int PIECE = 8192;
    /** How long a connection may stay silent after an answer before it counts as kept open. */
    private static final int LINGER_MILLIS = 3_000;

    private SocketExchange() {}

    /** What the server answered; header names in lower case, the body de-chunked. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code method url} with these headers and body ({@code Content-Length}, or chunked in
     * 1 KiB chunks when {@code chunked}), and reads one response.
     */
    public static Reply send(URI url, String method, Map<String, String> headers, byte[] body, boolean chunked)
            throws IOException {
        return exchange(null, url, request(url, method, headers, body, chunked));
    }

    /**
     * As {@link #send}, but from another loopback address than the server's (e.g. {@code 127.0.0.2}),
     * so the server sees a peer it may not trust; the server is reached at {@code 127.0.0.1}.
     */
    public static Reply sendFrom(InetAddress localAddress, URI url, String method, Map<String, String> headers,
            byte[] body) throws IOException {
        return exchange(localAddress, url, request(url, method, headers, body, false));
    }

    /** Sends these bytes as they are (a malformed request, say) to the server of {@code url}. */
    public static Reply sendRaw(URI url, byte[] request) throws IOException {
        return exchange(null, url, request);
    }

    /**
     * Everything the server said on one connection, and whether it then closed it: for framing
     * errors, where the server must answer 400 and close, and must not answer a request smuggled
     * after the first one.
     */
    public record Conversation(List<Reply> replies, boolean closed) {
        /** The only reply, or an assertion error naming how many there were. */
        public Reply only() {
            if (replies.size() != 1) {
                throw new AssertionError("expected one answer on the connection, got " + replies.size() + ": "
                        + replies.stream().map(r -> Integer.toString(r.status())).toList());
            }
            return replies.get(0);
        }
    }

    /**
     * Sends these bytes as they are and reads answers until the server closes the connection or
     * stays silent for {@value #LINGER_MILLIS} ms (then {@code closed} is false). A connection that
     * ends before any answer gives no replies.
     */
    public static Conversation converse(URI url, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            Thread writer = new Thread(() -> writeQuietly(socket, request), "socket-exchange-writer");
            writer.setDaemon(true);
            writer.start();
            ResponseReader reader = new ResponseReader(socket.getInputStream());
            List<Reply> replies = new ArrayList<>();
            while (true) {
                try {
                    if (reader.atEnd()) {
                        return new Conversation(List.copyOf(replies), true);
                    }
                } catch (SocketTimeoutException silent) {
                    return new Conversation(List.copyOf(replies), false);
                } catch (SocketException reset) {
                    return new Conversation(List.copyOf(replies), true);
                }
                Reply reply = read(reader);
                replies.add(reply);
                socket.setSoTimeout(LINGER_MILLIS); // after an answer, silence means the connection was kept
            }
        }
    }

    private static Reply exchange(InetAddress localAddress, URI url, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
                socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), url.getPort()), TIMEOUT_MILLIS);
            } else {
                socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), TIMEOUT_MILLIS);
            }
            socket.setSoTimeout(TIMEOUT_MILLIS);
            Thread writer = new Thread(() -> writeQuietly(socket, request), "socket-exchange-writer");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        }
    }

    private static byte[] request(URI url, String method, Map<String, String> headers, byte[] body, boolean chunked) {
        StringBuilder head = new StringBuilder(method).append(' ').append(url.getRawPath());
        if (url.getRawQuery() != null) {
            head.append('?').append(url.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(url.getRawAuthority()).append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!chunked) {
            out.writeBytes(body);
            return out.toByteArray();
        }
        for (int at = 0; at < body.length; at += 1024) {
            int n = Math.min(1024, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static void writeQuietly(Socket socket, byte[] request) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int at = 0; at < request.length; at += PIECE) {
                out.write(request, at, Math.min(PIECE, request.length - at));
            }
            out.flush();
        } catch (IOException expected) {
            // the server answered and closed before it read everything: what it said is being read
        }
    }

    private static Reply read(InputStream in) throws IOException {
        return read(new ResponseReader(in));
    }

    private static Reply read(ResponseReader reader) throws IOException {
        String statusLine = reader.line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        Map<String, String> headers = new TreeMap<>();
        for (String line; !(line = reader.line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = reader.bytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(reader.line().split(";", 2)[0].trim(), 16)) > 0; ) {
                all.writeBytes(reader.bytes(size));
                reader.line();
            }
            body = all.toByteArray();
        } else {
            body = reader.rest();
        }
        return new Reply(Integer.parseInt(parts[1]), Map.copyOf(headers), body);
    }

    /** Lines and counted bytes off a stream, buffered by hand so that both can be mixed. */
    private static final class ResponseReader {
        private final InputStream in;
        private final byte[] buffer = new byte[PIECE];
        private int position;
        private int limit;

        ResponseReader(InputStream in) {
            this.in = in;
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = next()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("the connection ended inside the response head");
                }
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }

        byte[] bytes(int count) throws IOException {
            byte[] out = new byte[count];
            for (int i = 0; i < count; i++) {
                int b = next();
                if (b < 0) {
                    throw new IOException("the connection ended after " + i + " of " + count + " body bytes");
                }
                out[i] = (byte) b;
            }
            return out;
        }

        byte[] rest() throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                for (int b; (b = next()) >= 0; ) {
                    all.write(b);
                }
            } catch (SocketException reset) {
                // a close with unread request bytes ends in a reset; the answer before it is complete
            }
            return all.toByteArray();
        }

        /** True when the stream ended: no more bytes, now or later. */
        boolean atEnd() throws IOException {
            if (position < limit) {
                return false;
            }
            limit = in.read(buffer);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return true;
            }
            return false;
        }

        private int next() throws IOException {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++] & 0xff;
        }
    }
}
