package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** Hands out one byte per read, as a slow connection may. */
    private static InputStream trickle(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void readsABodyOfExactlyTheLimit() throws IOException {
        assertThat(BoundedBody.read(new ByteArrayInputStream(bytes(100)), 100)).hasSize(100);
        assertThat(BoundedBody.read(trickle(bytes(100)), 100)).hasSize(100);
    }

    @Test
    void refusesABodyOfTheLimitPlusOne() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(bytes(101)), 100))
                .isInstanceOf(BoundedBody.TooLargeException.class).hasMessage("request body exceeds 100 bytes");
        assertThatThrownBy(() -> BoundedBody.read(trickle(bytes(101)), 100)).isInstanceOf(BoundedBody.TooLargeException.class);
    }

    @Test
    void readsLargeBodiesAcrossBufferBoundariesExactly() throws IOException {
        byte[] data = new byte[20_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        assertThat(BoundedBody.read(new ByteArrayInputStream(data), 20_000)).isEqualTo(data);
        assertThat(BoundedBody.read(new ByteArrayInputStream(data), 1 << 20)).isEqualTo(data);
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(data), 19_999))
                .isInstanceOf(BoundedBody.TooLargeException.class);
    }

    @Test
    void readsNoBodyAsEmpty() throws IOException {
        assertThat(BoundedBody.read(null, 10)).isEmpty();
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 0)).isEmpty();
    }

    @Test
    void aLimitOfZeroRefusesAnyByte() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(bytes(1)), 0))
                .isInstanceOf(BoundedBody.TooLargeException.class);
    }

    @Test
    void stopsReadingSoonAfterTheLimit() {
        // an endless body: the reader must give up instead of reading forever
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThatThrownBy(() -> BoundedBody.read(endless, 1000)).isInstanceOf(BoundedBody.TooLargeException.class);
    }
}
