package dev.qiuth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
