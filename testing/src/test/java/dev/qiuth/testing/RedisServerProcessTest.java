package dev.qiuth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture against the real binary: answers on its port, goes away, comes back on the same port. */
class RedisServerProcessTest {

    @Test
    void itAnswersStopsAndAnswersAgainOnTheSamePort() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            int port = redis.port();
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(reply(port, "*1\r\n$4\r\nPING\r\n")).isEqualTo("+PONG");

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> reply(port, "*1\r\n$4\r\nPING\r\n")).isInstanceOf(ConnectException.class);
            redis.stop(); // twice is harmless

            redis.startAgain();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(reply(port, "*1\r\n$4\r\nPING\r\n")).isEqualTo("+PONG");
            assertThatThrownBy(redis::startAgain).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }
    }

    @Test
    void withAPasswordItIsReadyAndRefusesCommandsWithoutIt() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start("requirepass pw-Fx31")) {
            assertThat(redis.url("pw-Fx31")).isEqualTo("redis://:pw-Fx31@127.0.0.1:" + redis.port());
            assertThat(reply(redis.port(), "*1\r\n$4\r\nPING\r\n")).startsWith("-NOAUTH");
            assertThat(reply(redis.port(), "*2\r\n$4\r\nAUTH\r\n$7\r\npw-Fx31\r\n")).isEqualTo("+OK");
        }
    }

    @Test
    void commandGivesEachKindOfReplyAsTextAndAnErrorAsAnException() {
        try (RedisServerProcess redis = RedisServerProcess.start(FreePort.onLoopback(), List.of("requirepass pw-Cm20"))) {
            assertThat(redis.command("SET", "k", "two\r\nlines")).as("status, after AUTH").isEqualTo("OK");
            assertThat(redis.command("GET", "k")).as("bulk").isEqualTo("two\r\nlines");
            assertThat(redis.command("GET", "missing")).as("nil").isNull();
            assertThat(redis.command("RPUSH", "list", "a", "b")).as("integer").isEqualTo("2");
            assertThat(redis.command("LRANGE", "list", "0", "-1")).as("array").isEqualTo("a\nb");
            assertThatThrownBy(() -> redis.command("INCR", "k")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("redis-server on 127.0.0.1:" + redis.port() + " answered INCR with "
                            + "-ERR value is not an integer or out of range");
        }
    }

    @Test
    void withTlsItAnswersOverTlsOnlyAndComesBackOnTheSamePort(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "127.0.0.1", "ip:127.0.0.1");
        try (RedisServerProcess redis = RedisServerProcess.startTls(certificate)) {
            int port = redis.port();
            assertThat(redis.url()).isEqualTo("rediss://127.0.0.1:" + port);
            assertThat(redis.url("pw-Tq52")).isEqualTo("rediss://:pw-Tq52@127.0.0.1:" + port);
            assertThat(tlsReply(certificate, port, "*1\r\n$4\r\nPING\r\n", 1)).containsExactly("+PONG");
            assertThat(tlsReply(certificate, port, "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nport\r\n", 5))
                    .as("no plain listener").containsExactly("*2", "$4", "port", "$1", "0");

            redis.stop();
            redis.startAgain();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(tlsReply(certificate, port, "*1\r\n$4\r\nPING\r\n", 1)).containsExactly("+PONG");
        }
    }

    /** The first {@code lines} lines of the answer on a TLS connection that trusts {@code certificate} only. */
    private static List<String> tlsReply(SelfSignedCertificate certificate, int port, String command, int lines)
            throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certificate.certificate())) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (Socket socket = context.getSocketFactory().createSocket(RedisServerProcess.HOST, port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> reply = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                reply.add(in.readLine());
            }
            return reply;
        }
    }

    private static String reply(int port, String command) throws IOException {
        try (Socket socket = new Socket(RedisServerProcess.HOST, port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
