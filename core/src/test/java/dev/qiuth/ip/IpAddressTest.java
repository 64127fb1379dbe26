package dev.qiuth.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
    static final long SEED = Long.getLong("qiuth.seed", 20261123L);

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "10.0.0.1", "192.168.100.200", "255.255.255.255"})
    void parsesDottedQuads(String text) {
        IpAddress a = IpAddress.parse(text);
        assertThat(a.isIpv4()).isTrue();
        assertThat(a).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "01.2.3.4", "1.2.3.00", "1.2.3", "1.2", "1", "1.2.3.4.5", "256.1.1.1",
        "1.2.3.256", "1.2.3.1000", "1.2.3.0004", " 1.2.3.4", "1.2.3.4 ", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4/32",
        "0x1.2.3.4", "0x01020304", "16909060", "1.2.3.-4", "1.2.3.+4", "１.２.３.４", "1.2.3.4\n", "localhost",
        "example.com", "1.2.3.4:80", "1,2,3,4"})
    void refusesEverythingButCanonicalDottedQuads(String text) {
        // no inet_aton shortcuts: octal, hex, short forms and integers are not addresses here
        assertThat(IpAddress.tryParse(text)).isNull();
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesNullAndEmpty(String text) {
        assertThat(IpAddress.tryParse(text)).isNull();
        assertThat(IpAddress.tryParsePeer(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:1.2.3.4", "::FFFF:1.2.3.4", "0:0:0:0:0:ffff:1.2.3.4", "::ffff:102:304", "0:0:0:0:0:ffff:0102:0304"})
    void normalisesIpv4MappedIpv6ToIpv4(String text) {
        IpAddress a = IpAddress.parse(text);
        assertThat(a.isIpv4()).isTrue();
        assertThat(a).isEqualTo(IpAddress.parse("1.2.3.4")).hasToString("1.2.3.4");
        assertThat(a.toBytes()).containsExactly(1, 2, 3, 4);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "::,                                       ::",
        "::1,                                      ::1",
        "1::,                                      1::",
        "2001:0db8:0000:0000:0000:ff00:0042:8329,  2001:db8::ff00:42:8329",
        "2001:db8::ff00:42:8329,                   2001:db8::ff00:42:8329",
        "2001:DB8::FF00:42:8329,                   2001:db8::ff00:42:8329",
        "1:2:3:4:5:6:7:8,                          1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::,                          1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8,                          0:2:3:4:5:6:7:8",
        "2001:db8:0:1:1:1:1:1,                     2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1,                       2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1,                     2001:db8::1:0:0:1",
        "64:ff9b::192.0.2.33,                      64:ff9b::c000:221",
        "::1.2.3.4,                                ::102:304",
        "fe80::1:2:3:4,                            fe80::1:2:3:4",
    })
    void parsesIpv6FormsAndPrintsThemPerRfc5952(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertThat(a.isIpv4()).isFalse();
        assertThat(a.toBytes()).hasSize(16);
        assertThat(a).hasToString(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(a);
    }

    @Test
    void fullAndCompressedFormsAreEqual() {
        assertThat(IpAddress.parse("2001:db8:0:0:0:0:0:1")).isEqualTo(IpAddress.parse("2001:db8::1"))
                .hasSameHashCodeAs(IpAddress.parse("2001:0DB8::0001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1::2::3", "::1::", "12345::1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7::8", "1:2:3:4:5:6:7:8::", "g::1", "::g", ":::", "1:::2", "::ffff:1.2.3",
        "::ffff:01.2.3.4", "::ffff:256.2.3.4", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:1.2.3.4:8", "1:2:3:4:5:6:7:1.2.3.4",
        "fe80::1%eth0", "fe80::1%1", "[::1]", "[::1]:8080", " ::1", "::1 ", ":", "::-1", "::+1", "::１", "0x1::"})
    void refusesMalformedIpv6(String text) {
        assertThat(IpAddress.tryParse(text)).isNull();
    }

    @Test
    void refusesTextLongerThanAnyAddress() {
        String longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
        assertThat(longest).hasSize(45);
        assertThat(IpAddress.tryParse(longest)).isNotNull();
        assertThat(IpAddress.tryParse("0" + longest)).isNull();
    }

    @Test
    void peerParsingStripsBracketsAndZoneIds() {
        assertThat(IpAddress.tryParsePeer("[::1]")).isEqualTo(IpAddress.parse("::1"));
        assertThat(IpAddress.tryParsePeer("fe80::1%eth0")).isEqualTo(IpAddress.parse("fe80::1"));
        assertThat(IpAddress.tryParsePeer("[fe80::1%25eth0]")).isEqualTo(IpAddress.parse("fe80::1"));
        assertThat(IpAddress.tryParsePeer(" 127.0.0.1 ")).isEqualTo(IpAddress.parse("127.0.0.1"));
        assertThat(IpAddress.tryParsePeer("[::ffff:127.0.0.1]")).isEqualTo(IpAddress.parse("127.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]:8080", "127.0.0.1:8080", "1.2.3.4%eth0", "%eth0", "[]", "[", "localhost", "unknown",
        "[1.2.3.4]x", "[::1"})
    void peerParsingStillRefusesWhatIsNotAnAddress(String text) {
        assertThat(IpAddress.tryParsePeer(text)).isNull();
    }

    @Test
    void toBytesIsACopy() {
        IpAddress a = IpAddress.parse("1.2.3.4");
        a.toBytes()[0] = 9;
        assertThat(a).hasToString("1.2.3.4");
    }

    @Test
    void parseNamesTheTextItRefuses() {
        assertThatThrownBy(() -> IpAddress.parse("010.0.0.1")).hasMessage("not an IP address: '010.0.0.1'");
    }

    static LongStream seeds() {
        return LongStream.range(0, 4).map(i -> SEED + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyAddressRoundTripsThroughItsText(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            byte[] raw = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(raw);
            if (raw.length == 16 && random.nextInt(4) == 0) {
                // runs of zero groups exercise "::"
                int from = random.nextInt(16);
                java.util.Arrays.fill(raw, from, random.nextInt(from, 17), (byte) 0);
            }
            IpAddress a = IpAddress.ofBytes(raw);
            String text = a.toString();
            assertThat(IpAddress.parse(text)).as("seed %d case %d: %s", seed, i, text).isEqualTo(a);
            assertThat(IpAddress.parse(text.toUpperCase())).as("seed %d case %d: %s", seed, i, text).isEqualTo(a);
            assertThat(IpAddress.parse(expanded(a))).as("seed %d case %d: %s", seed, i, expanded(a)).isEqualTo(a);
        }
    }

    /** The eight-group, four-digit form of an IPv6 address; the dotted quad of IPv4. */
    private static String expanded(IpAddress a) {
        byte[] b = a.toBytes();
        if (b.length == 4) {
            return a.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            sb.append(g == 0 ? "" : ":").append(String.format("%02x%02x", b[2 * g], b[2 * g + 1]));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomTextNeverThrowsAndWhatParsesPrintsBackToAnEqualAddress(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "0123456789abcdefABCDEFg.:::[]% -x";
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(0, 46); n > 0; n--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            IpAddress a = IpAddress.tryParse(text);
            IpAddress.tryParsePeer(text);
            if (a != null) {
                assertThat(IpAddress.parse(a.toString())).as("seed %d: %s", seed, text).isEqualTo(a);
                assertThat(text).as("seed %d: accepted text", seed).doesNotContain(" ", "[", "%", "x", "g", ":::");
            }
        }
    }
}
