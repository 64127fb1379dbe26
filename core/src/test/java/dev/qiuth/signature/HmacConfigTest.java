package dev.qiuth.signature;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.crypto.Hex;
import dev.qiuth.fixture.TestSecrets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacConfigTest {
    private static final String SECRET = TestSecrets.register("564f04d78e954d3f7f944b6826e05d9e7c95a7ac9a4e67f73dab21027eb06b73");
    private static final byte[] DATA = "POST\nhttp://h/p\n1\n".getBytes(UTF_8);

    private static byte[] repeat(int value, int times) {
        byte[] b = new byte[times];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    /** RFC 4231 section 4: test cases 1-4, 6 and 7 (5 truncates the output: see its own test). */
    static Stream<Arguments> rfc4231() {
        return Stream.of(
                Arguments.of(1, repeat(0x0b, 20), "Hi There".getBytes(US_ASCII),
                        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
                Arguments.of(2, "Jefe".getBytes(US_ASCII), "what do ya want for nothing?".getBytes(US_ASCII),
                        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                Arguments.of(3, repeat(0xaa, 20), repeat(0xdd, 50),
                        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
                Arguments.of(4, range(0x01, 0x19), repeat(0xcd, 50),
                        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
                Arguments.of(6, repeat(0xaa, 131), "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(US_ASCII),
                        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                Arguments.of(7, repeat(0xaa, 131), ("This is a test using a larger than block-size key and a larger than "
                        + "block-size data. The key needs to be hashed before being used by the HMAC algorithm.").getBytes(US_ASCII),
                        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"));
    }

    /**
     * Every vector through the Mac, signing and hex of {@link HmacConfig}, keyed with the raw
     * vector key by the package-level {@code ofKeyBytes}: keys 3, 6 and 7 are 0xaa bytes, which
     * no UTF-8 string encodes to, so the public {@code of(String)} cannot carry them.
     */
    @ParameterizedTest(name = "test case {0}")
    @MethodSource("rfc4231")
    void rfc4231VectorWithTheRawKey(int testCase, byte[] key, byte[] data, String expected) {
        HmacConfig hmac = HmacConfig.ofKeyBytes(key);
        assertThat(hmac.signHex(data)).isEqualTo(expected);
        assertThat(hmac.sign(data)).isEqualTo(Hex.decode(expected, 32));
        assertThat(hmac.verifies(data, expected)).isTrue();
        assertThat(hmac.verifies(data, expected.toUpperCase())).isTrue();
    }

    /** RFC 4231 test case 5 gives only the first 128 bits; the protocol sends all 256, which must start with them. */
    @Test
    void rfc4231TestCaseFiveIsThePrefixOfTheFullMac() {
        HmacConfig hmac = HmacConfig.ofKeyBytes(repeat(0x0c, 20));
        assertThat(hmac.signHex("Test With Truncation".getBytes(US_ASCII))).startsWith("a3b6167473100ee06e0c796c2955552b");
    }

    /** The vectors whose key is the UTF-8 of some text of at most one block (64 bytes). */
    static Stream<Arguments> rfc4231TextKeys() {
        return rfc4231().filter(a -> {
            byte[] key = (byte[]) a.get()[1];
            return Arrays.equals(new String(key, UTF_8).getBytes(UTF_8), key) && key.length <= 64;
        });
    }

    @Test
    void testCasesOneTwoAndFourHaveTextKeys() {
        assertThat(rfc4231TextKeys().map(a -> (Integer) a.get()[0])).containsExactly(1, 2, 4);
    }

    /**
     * The vectors whose keys are text, through the public API. RFC 2104 section 2 pads a key
     * shorter than the 64-byte block with zeros, so a key followed by NUL characters up to the
     * protocol's 32-character minimum is the same HMAC key: the output must still be the RFC's.
     */
    @ParameterizedTest(name = "test case {0}")
    @MethodSource("rfc4231TextKeys")
    void rfc4231VectorThroughThePublicApi(int testCase, byte[] key, byte[] data, String expected) {
        String asText = new String(key, UTF_8);
        String padded = asText + "\0".repeat(HmacConfig.MIN_SECRET_LENGTH - asText.length());
        HmacConfig hmac = HmacConfig.of(padded);
        assertThat(hmac.signHex(data)).isEqualTo(expected);
        assertThat(hmac.verifies(data, expected)).isTrue();
    }

    @Test
    void keysWithTheUtf8BytesOfTheSecretNotItsHexDecoding() {
        assertThat(HmacConfig.of(SECRET).signHex(DATA))
                .isEqualTo(HmacConfig.ofKeyBytes(SECRET.getBytes(UTF_8)).signHex(DATA))
                .isNotEqualTo(HmacConfig.ofKeyBytes(Hex.decode(SECRET, 32)).signHex(DATA));
        String accented = TestSecrets.register("é".repeat(32));
        assertThat(HmacConfig.of(accented).signHex(DATA))
                .isEqualTo(HmacConfig.ofKeyBytes(accented.getBytes(UTF_8)).signHex(DATA));
    }

    @Test
    void signsAsSixtyFourLowerCaseHexCharacters() {
        assertThat(HmacConfig.of(SECRET).signHex(DATA)).matches("[0-9a-f]{64}");
    }

    @Test
    void verifiesUpperLowerAndMixedCaseHex() {
        HmacConfig hmac = HmacConfig.of(SECRET);
        String sig = hmac.signHex(DATA);
        StringBuilder mixed = new StringBuilder(sig);
        for (int i = 0; i < mixed.length(); i += 2) {
            mixed.setCharAt(i, Character.toUpperCase(mixed.charAt(i)));
        }
        assertThat(hmac.verifies(DATA, sig)).isTrue();
        assertThat(hmac.verifies(DATA, sig.toUpperCase())).isTrue();
        assertThat(hmac.verifies(DATA, mixed.toString())).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "00", " ", "zz"})
    void refusesNullEmptyAndShortSignatures(String presented) {
        assertThat(HmacConfig.of(SECRET).verifies(DATA, presented)).isFalse();
    }

    @Test
    void refusesASignatureOfTheWrongLength() {
        HmacConfig hmac = HmacConfig.of(SECRET);
        String sig = hmac.signHex(DATA);
        assertThat(hmac.verifies(DATA, sig.substring(1))).isFalse();
        assertThat(hmac.verifies(DATA, sig.substring(2))).isFalse();
        assertThat(hmac.verifies(DATA, sig + "0")).isFalse();
        assertThat(hmac.verifies(DATA, sig + "00")).isFalse();
        assertThat(hmac.verifies(DATA, " " + sig)).isFalse();
        assertThat(hmac.verifies(DATA, sig + "\n")).isFalse();
    }

    @Test
    void refusesNonHexCharactersOfTheRightLength() {
        HmacConfig hmac = HmacConfig.of(SECRET);
        String sig = hmac.signHex(DATA);
        for (char bad : new char[] {'g', 'G', 'x', ' ', '-', ':', '/', '@', '`', '٣', 'ａ'}) {
            String presented = bad + sig.substring(1);
            assertThat(hmac.verifies(DATA, presented)).as("with %s", bad).isFalse();
        }
    }

    @Test
    void refusesTheSignatureOfOtherDataOrAnotherSecret() {
        HmacConfig hmac = HmacConfig.of(SECRET);
        String sig = hmac.signHex(DATA);
        assertThat(hmac.verifies("GET\nhttp://h/p\n1\n".getBytes(UTF_8), sig)).isFalse();
        HmacConfig other = HmacConfig.of(SECRET.replace('5', '6'));
        assertThat(other.verifies(DATA, sig)).isFalse();
        char flipped = sig.charAt(63) == '0' ? '1' : '0';
        assertThat(hmac.verifies(DATA, sig.substring(0, 63) + flipped)).isFalse();
    }

    @Test
    void refusesASecretUnderThirtyTwoCharactersWithoutRepeatingIt() {
        String short31 = TestSecrets.register("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d");
        assertThat(short31).hasSize(31);
        assertThatThrownBy(() -> HmacConfig.of(short31))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC secret must be at least 32 characters, got 31");
        assertThatThrownBy(() -> HmacConfig.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThat(HmacConfig.of(short31 + "e").maxAge()).isEqualTo(HmacConfig.DEFAULT_MAX_AGE);
    }

    @Test
    void refusesANonPositiveMaxAge() {
        assertThatThrownBy(() -> HmacConfig.of(SECRET, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge").hasMessageContaining("PT0S")
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> HmacConfig.of(SECRET, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HmacConfig.of(SECRET, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(HmacConfig.of(SECRET, Duration.ofSeconds(30)).maxAge()).hasSeconds(30);
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(HmacConfig.of(SECRET).toString()).isEqualTo("HmacConfig[secret=<redacted>, maxAge=300s]")
                .doesNotContain(SECRET.substring(0, 12));
    }
}
