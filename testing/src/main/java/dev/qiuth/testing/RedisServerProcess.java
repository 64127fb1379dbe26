package dev.qiuth.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server process (the binary shipped in {@code com.github.codemonstur:embedded-redis})
 * on a free loopback port, which a test can stop and start again on the same port with the same
 * settings. No Redis client: {@link #command} sends one command on a raw connection (the readiness
 * {@code PING}, the {@code CLUSTER} commands of {@link RedisClusterProcesses}, a {@code DBSIZE});
 * each module's tests bring their own client (Lettuce, Vert.x) for more.
 *
 * <p>Persistence is off ({@code save ""}, {@code appendonly no}); further settings are lines of
 * redis.conf. embedded-redis is an optional dependency of this kit: a module that uses this class
 * declares it in test scope.
 *
 * <p>{@link #startTls} starts one that speaks TLS only ({@code port 0}: no plain listener), so
 * that nothing can reach it, or be told about it, over plain TCP.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start("requirepass " + password)) {
 *     String url = redis.url(password);   // redis://:<password>@127.0.0.1:<port>
 *     redis.stop();                       // an outage
 *     redis.startAgain();                 // back on the same port
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {
    /** The only address the server binds to. */
    public static final String HOST = "127.0.0.1";
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final int port;
    private final List<String> settings;
    /** Null for a plain server; for a TLS-only one, trusts its certificate for the PING check. */
    private final SSLSocketFactory tls;
    private RedisServer server;

    private RedisServerProcess(int port, List<String> settings, SSLSocketFactory tls) {
        this.port = port;
        this.settings = settings;
        this.tls = tls;
    }

    /** Starts a redis-server on a free loopback port and returns once it answers PING. */
    public static RedisServerProcess start(String... settings) {
        return start(List.of(settings));
    }

    /** Starts a redis-server on a free loopback port and returns once it answers PING. */
    public static RedisServerProcess start(List<String> settings) {
        return start(FreePort.onLoopback(), settings);
    }

    /** Starts a redis-server on this loopback port and returns once it answers PING. */
    public static RedisServerProcess start(int port, List<String> settings) {
        RedisServerProcess redis = new RedisServerProcess(port, List.copyOf(settings), null);
        redis.startAgain();
        return redis;
    }

    /**
     * Starts a redis-server that accepts TLS only, on a free loopback port, serving {@code certificate}
     * (clients need not present one); returns once it answers PING over TLS. Add {@code tls-cluster yes}
     * for a cluster bus over TLS.
     *
     * <pre>{@code
     * SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
     * RedisServerProcess redis = RedisServerProcess.startTls(cert);   // redis.url(): rediss://127.0.0.1:<port>
     * }</pre>
     */
    public static RedisServerProcess startTls(SelfSignedCertificate certificate, String... settings) {
        return startTls(FreePort.onLoopback(), certificate, List.of(settings));
    }

    /** As {@link #startTls(SelfSignedCertificate, String...)}, on this loopback port. */
    public static RedisServerProcess startTls(int port, SelfSignedCertificate certificate, List<String> settings) {
        List<String> all = new ArrayList<>(List.of("tls-port " + port,
                "tls-cert-file " + certificate.certificate(), "tls-key-file " + certificate.privateKey(),
                "tls-ca-cert-file " + certificate.certificate(), "tls-auth-clients no"));
        all.addAll(settings);
        RedisServerProcess redis = new RedisServerProcess(port, List.copyOf(all), trusting(certificate));
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} ({@code rediss://} for a TLS-only server), without credentials. */
    public String url() {
        return scheme() + HOST + ":" + port;
    }

    /** {@code redis://:<password>@127.0.0.1:<port>}: for a server started with {@code requirepass}. */
    public String url(String password) {
        Objects.requireNonNull(password, "password");
        return scheme() + ":" + password + "@" + HOST + ":" + port;
    }

    private String scheme() {
        return tls == null ? "redis://" : "rediss://";
    }

    public boolean isRunning() {
        return server != null && server.isActive();
    }

    /** Starts (again) on the same port with the same settings; returns once it answers PING. */
    public void startAgain() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on " + HOST + ":" + port + " is already running");
        }
        // embedded-redis passes the port as --port, which overrides redis.conf: 0 turns plain TCP off
        var builder = RedisServer.newRedisServer().port(tls == null ? port : 0).bind(HOST)
                .setting("save \"\"").setting("appendonly no");
        for (String setting : settings) {
            builder.setting(setting);
        }
        try {
            server = builder.build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPong();
    }

    /** Stops the process (an outage, as its clients see it); does nothing when it is not running. */
    public void stop() {
        if (isRunning()) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20); // a bounded poll for a process to come up, not waiting for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("redis-server on " + HOST + ":" + port + " did not answer PING within "
                + READY_WITHIN.toSeconds() + " s");
    }

    /** True when the server replies PONG on a fresh connection (after AUTH when it wants a password). */
    private boolean answersPing() {
        try {
            return "PONG".equals(command("PING"));
        } catch (UncheckedIOException | IllegalStateException e) {
            return false; // not listening yet, or still loading
        }
    }

    /**
     * Sends one command on a fresh connection (over TLS to a TLS-only server, after {@code AUTH}
     * when it was started with {@code requirepass}) and returns the reply as text: a status or a
     * bulk string as it is, an integer as its digits, an array as its elements one per line, a nil
     * as null.
     *
     * <pre>{@code
     * long keys = Long.parseLong(redis.command("DBSIZE"));
     * String info = redis.command("CLUSTER", "INFO");    // "cluster_state:ok\r\n..."
     * }</pre>
     *
     * @throws IllegalStateException when the server answers with an error (the message names the
     *                               command, not its arguments, and quotes the error line)
     * @throws UncheckedIOException  when the server cannot be reached or does not answer within 5 s
     */
    public String command(String... parts) {
        try (Socket tcp = new Socket()) {
            tcp.connect(new InetSocketAddress(HOST, port), 1000);
            tcp.setSoTimeout(5000);
            Socket socket = tls == null ? tcp : tls.createSocket(tcp, HOST, port, true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String password = password();
            if (password != null) {
                out.write(resp("AUTH", password));
                out.flush();
                reply(in, "AUTH");
            }
            out.write(resp(parts));
            out.flush();
            return reply(in, parts[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on " + HOST + ":" + port + " did not answer " + parts[0], e);
        }
    }

    /** One RESP reply, read whole. */
    private String reply(InputStream in, String command) throws IOException {
        String line = line(in);
        char type = line.isEmpty() ? '?' : line.charAt(0);
        String rest = line.substring(Math.min(1, line.length()));
        switch (type) {
            case '+', ':' -> {
                return rest;
            }
            case '-' -> throw new IllegalStateException("redis-server on " + HOST + ":" + port + " answered "
                    + command + " with " + line);
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] bulk = in.readNBytes(length);
                if (bulk.length < length) {
                    throw new EOFException("connection closed within a reply to " + command);
                }
                line(in); // the CRLF after the bulk
                return new String(bulk, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                if (count < 0) {
                    return null;
                }
                List<String> elements = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    elements.add(reply(in, command));
                }
                return String.join("\n", elements);
            }
            default -> throw new IllegalStateException("redis-server on " + HOST + ":" + port
                    + " answered " + command + " with something other than RESP");
        }
    }

    /** A line up to CRLF, without it. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new EOFException("connection closed before the end of a reply line");
    }

    private String password() {
        return settings.stream().filter(s -> s.startsWith("requirepass ")).findFirst()
                .map(s -> s.substring("requirepass ".length()).trim()).orElse(null);
    }

    /** Sockets that trust the certificate (the readiness check needs no hostname verification). */
    private static SSLSocketFactory trusting(SelfSignedCertificate certificate) {
        try (InputStream pem = Files.newInputStream(certificate.certificate())) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trusted.setCertificateEntry("trusted-" + i++, c);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + certificate.certificate() + ": " + e.getMessage(), e);
        }
    }

    /** A command as a RESP array of bulk strings. */
    private static byte[] resp(String... parts) {
        StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }
}
