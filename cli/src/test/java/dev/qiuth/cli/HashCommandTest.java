package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashCommandTest {
    @Test
    void printsTheSha256HexOfTheKey() {
        Cli.Run r = Cli.run("hash", "abc");

        assertThat(r.code()).isZero();
        // SHA-256("abc"), FIPS 180-2 appendix B.1
        assertThat(r.out()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
    }

    @Test
    void readsTheKeyFromStandardInput() {
        Cli.Run r = Cli.run(Map.of(), Clock.systemUTC(), "abc\n", Cli.NO_WAIT, "hash", "-");
        Cli.Run byDefault = Cli.run(Map.of(), Clock.systemUTC(), "abc\n", Cli.NO_WAIT, "hash");

        assertThat(r.out()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
        assertThat(byDefault.out()).isEqualTo(r.out());
    }

    @Test
    void emptyStandardInputIsAUsageError() {
        Cli.Run r = Cli.run(Map.of(), Clock.systemUTC(), "", Cli.NO_WAIT, "hash");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("qiuth: no API key on standard input\n");
    }
}
