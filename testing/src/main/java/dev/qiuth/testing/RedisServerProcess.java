package dev.qiuth.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import redis.embedded.RedisServer;

/**
 * A real redis-server process (the binary shipped in {@code com.github.codemonstur:embedded-redis})
 * on a free loopback port, which a test can stop and start again on the same port with the same
 * settings. No Redis client: it checks that the server answers with a raw {@code PING}; each
 * module's tests bring their own client (Lettuce, Vert.x) to look at the data.
 *
 * <p>Persistence is off ({@code save ""}, {@code appendonly no}); further settings are lines of
 * redis.conf. embedded-redis is an optional dependency of this kit: a module that uses this class
 * declares it in test scope.
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
    private RedisServer server;

    private RedisServerProcess(int port, List<String> settings) {
        this.port = port;
        this.settings = settings;
    }

    /** Starts a redis-server on a free loopback port and returns once it answers PING. */
    public static RedisServerProcess start(String... settings) {
        return start(List.of(settings));
    }

    /** Starts a redis-server on a free loopback port and returns once it answers PING. */
    public static RedisServerProcess start(List<String> settings) {
        RedisServerProcess redis = new RedisServerProcess(FreePort.onLoopback(), List.copyOf(settings));
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, without credentials. */
    public String url() {
        return "redis://" + HOST + ":" + port;
    }

    /** {@code redis://:<password>@127.0.0.1:<port>}: for a server started with {@code requirepass}. */
    public String url(String password) {
        Objects.requireNonNull(password, "password");
        return "redis://:" + password + "@" + HOST + ":" + port;
    }

    public boolean isRunning() {
        return server != null && server.isActive();
    }

    /** Starts (again) on the same port with the same settings; returns once it answers PING. */
    public void startAgain() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on " + HOST + ":" + port + " is already running");
        }
        var builder = RedisServer.newRedisServer().port(port).bind(HOST)
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

    /** True when the server replies +PONG on a fresh connection (after AUTH when it wants a password). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String password = password();
            if (password != null) {
                out.write(command("AUTH", password));
                out.flush();
                if (!"+OK".equals(in.readLine())) {
                    return false;
                }
            }
            out.write(command("PING"));
            out.flush();
            return "+PONG".equals(in.readLine());
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    private String password() {
        return settings.stream().filter(s -> s.startsWith("requirepass ")).findFirst()
                .map(s -> s.substring("requirepass ".length()).trim()).orElse(null);
    }

    /** A command as a RESP array of bulk strings. */
    private static byte[] command(String... parts) {
        StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }
}
