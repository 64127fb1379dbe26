package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.StoreUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class OutageLogTest {

    @Test
    void aRootCauseTheMessageAlreadyNamesIsNotRepeated() {
        // Netty's AnnotatedConnectException says "Connection refused: /host:port" over a ConnectException "Connection refused"
        IOException refused = new IOException("Connection refused: /127.0.0.1:6379", new ConnectException("Connection refused"));

        String line = OutageLog.describe(refused);

        assertThat(line).isEqualTo("IOException: Connection refused: /127.0.0.1:6379");
    }

    @Test
    void aRootCauseThatSaysMoreIsNamedAfterTheError() {
        RuntimeException unable = new RuntimeException("Unable to connect to 127.0.0.1:6379",
                new IllegalStateException("WRONGPASS invalid username-password pair"));

        String line = OutageLog.describe(new StoreUnavailableException("replay guard", unable));

        assertThat(line).isEqualTo("RuntimeException: Unable to connect to 127.0.0.1:6379"
                + " <- IllegalStateException: WRONGPASS invalid username-password pair");
    }

    @Test
    void aMessageIsOneLine() {
        String line = OutageLog.describe(new IOException("first\r\nsecond\tthird"));

        assertThat(line).isEqualTo("IOException: first  second third");
    }
}
