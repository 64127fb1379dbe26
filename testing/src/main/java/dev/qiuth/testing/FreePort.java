package dev.qiuth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port on the loopback address that nothing listened on a moment ago, for a server a test
 * starts (a redis-server, an app process).
 *
 * <pre>{@code
 * int port = FreePort.onLoopback();
 * }</pre>
 */
public final class FreePort {
    private FreePort() {
    }

    /** An ephemeral port that was free on 127.0.0.1 when asked. */
    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
