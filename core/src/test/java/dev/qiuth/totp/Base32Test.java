package dev.qiuth.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {
    static final long SEED = Long.getLong("qiuth.seed", 20261123L);

    /** RFC 4648 section 10: "" is left out, an empty secret is refused. */
    @ParameterizedTest(name = "\"{0}\" <-> {1}")
    @CsvSource({
        "f,      MY======",
        "fo,     MZXQ====",
        "foo,    MZXW6===",
        "foob,   MZXW6YQ=",
        "fooba,  MZXW6YTB",
        "foobar, MZXW6YTBOI======",
    })
    void rfc4648Vector(String plain, String padded) {
        byte[] bytes = plain.getBytes(US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(padded.replace("=", ""));
        assertThat(Base32.decode(padded)).isEqualTo(bytes);
        assertThat(Base32.decode(padded.replace("=", ""))).isEqualTo(bytes);
    }

    @Test
    void acceptsLowerCase() {
        assertThat(Base32.decode("mzxw6ytboi")).isEqualTo("foobar".getBytes(US_ASCII));
        assertThat(Base32.decode("MzXw6YtBoI======")).isEqualTo("foobar".getBytes(US_ASCII));
    }

    @Test
    void encodesWithoutPadding() {
        assertThat(Base32.encode(new byte[20])).isEqualTo("A".repeat(32));
        assertThat(Base32.encode(new byte[0])).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MY=", "MY=====", "MY=======", "MZXW6YTB========", "MZXQ===", "MZXW6YQ==", "MZXW6YTBMY===="})
    void refusesPaddingOfTheWrongLength(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6YTBO", "MZXW6YTBOIZ"})
    void refusesLengthsNoEncoderProduces(String text) {
        // 1, 3 or 6 characters past a multiple of 8 cannot hold whole bytes
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impossible length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW6YT1", "MZXW6YT0", "MZXW6YT8", "MZXW 6YT", "MZXW6YT-", "MZXW6YT_", "MZ=W6YTB",
        "MZXW6YTÄ", "\tMZXW6YT", "MZXW6YT\n", "MZXW6YT+", "MZXW6YT/"})
    void refusesCharactersOutsideTheAlphabet(String text) {
        // all eight characters long: a length that would otherwise decode
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside A-Z, 2-7");
    }

    @Test
    void namesThePositionOfABadCharacterButNotTheText() {
        assertThatThrownBy(() -> Base32.decode("MZXW6YT1"))
                .hasMessage("base32 text has a character outside A-Z, 2-7 at position 7");
    }

    @Test
    void refusesEmptyAndNullAndPaddingOnly() {
        assertThatThrownBy(() -> Base32.decode("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Base32.decode(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Base32.decode("========")).isInstanceOf(IllegalArgumentException.class);
    }

    static LongStream seeds() {
        return LongStream.range(0, 4).map(i -> SEED + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomBytesRoundTripPaddedOrNot(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(1, 80)];
            random.nextBytes(bytes);
            String encoded = Base32.encode(bytes);
            assertThat(encoded).as("seed %d case %d", seed, i).matches("[A-Z2-7]+");
            assertThat(Base32.decode(encoded)).as("seed %d case %d", seed, i).isEqualTo(bytes);
            String padded = encoded + "=".repeat((8 - encoded.length() % 8) % 8);
            assertThat(Base32.decode(padded.toLowerCase())).as("seed %d case %d", seed, i).isEqualTo(bytes);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomTextEitherDecodesOrIsRefusedWithIllegalArgument(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz01890=+/- \n_Ä";
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(1, 40); n > 0; n--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            byte[] decoded;
            try {
                decoded = Base32.decode(text);
            } catch (IllegalArgumentException refused) {
                if (text.length() >= 6) { // shorter text turns up in any message ("2-7")
                    assertThat(refused.getMessage()).as("message of %s", text).doesNotContain(text);
                }
                continue;
            }
            // whatever is accepted is base32 that re-encodes to the same bytes
            String data = text.replace("=", "").toUpperCase();
            assertThat(data).as(text).matches("[A-Z2-7]+");
            assertThat(Base32.decode(Base32.encode(decoded))).as(text).isEqualTo(decoded);
        }
    }
}
