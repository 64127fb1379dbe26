package dev.qiuth.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpGeneratorTest {
    private static final Duration STEP = Duration.ofSeconds(30);

    /** RFC 6238 Appendix B uses one key per algorithm (erratum 2866): the digits repeated to the hash length. */
    static byte[] seedFor(TotpAlgorithm algorithm) {
        String digits = switch (algorithm) {
            case SHA1 -> "12345678901234567890";
            case SHA256 -> "12345678901234567890123456789012";
            case SHA512 -> "1234567890123456789012345678901234567890123456789012345678901234";
        };
        return digits.getBytes(US_ASCII);
    }

    @ParameterizedTest(name = "{1} at {0} s -> {2}")
    @CsvSource({
        "59,          SHA1,   94287082",
        "59,          SHA256, 46119246",
        "59,          SHA512, 90693936",
        "1111111109,  SHA1,   07081804",
        "1111111109,  SHA256, 68084774",
        "1111111109,  SHA512, 25091201",
        "1111111111,  SHA1,   14050471",
        "1111111111,  SHA256, 67062674",
        "1111111111,  SHA512, 99943326",
        "1234567890,  SHA1,   89005924",
        "1234567890,  SHA256, 91819424",
        "1234567890,  SHA512, 93441116",
        "2000000000,  SHA1,   69279037",
        "2000000000,  SHA256, 90698825",
        "2000000000,  SHA512, 38618901",
        "20000000000, SHA1,   65353130",
        "20000000000, SHA256, 77737706",
        "20000000000, SHA512, 47863826",
    })
    void rfc6238AppendixBVector(long unixSeconds, TotpAlgorithm algorithm, String expected) {
        TotpGenerator generator = new TotpGenerator(algorithm, 8, STEP);
        assertThat(generator.generate(seedFor(algorithm), Instant.ofEpochSecond(unixSeconds))).isEqualTo(expected);
    }

    @Test
    void seedsHaveTheLengthOfTheirHash() {
        assertThat(seedFor(TotpAlgorithm.SHA1)).hasSize(20);
        assertThat(seedFor(TotpAlgorithm.SHA256)).hasSize(32);
        assertThat(seedFor(TotpAlgorithm.SHA512)).hasSize(64);
    }

    @Test
    void sixDigitCodeIsTheLastSixDigitsOfTheEightDigitOne() {
        // both are the same truncated value mod 10^digits (RFC 4226 5.3)
        byte[] key = seedFor(TotpAlgorithm.SHA1);
        Instant t = Instant.ofEpochSecond(1111111109);
        assertThat(new TotpGenerator(TotpAlgorithm.SHA1, 6, STEP).generate(key, t)).isEqualTo("081804");
        assertThat(new TotpGenerator(TotpAlgorithm.SHA1, 7, STEP).generate(key, t)).isEqualTo("7081804");
    }

    @Test
    void codesKeepTheirLeadingZeros() {
        // 07081804 at 1111111109 s starts with a zero
        String code = new TotpGenerator(TotpAlgorithm.SHA1, 8, STEP)
                .generate(seedFor(TotpAlgorithm.SHA1), Instant.ofEpochSecond(1111111109));
        assertThat(code).hasSize(8).startsWith("0");
    }

    @Test
    void counterIsUnixTimeDividedByTheStep() {
        TotpGenerator g = new TotpGenerator(TotpAlgorithm.SHA1, 6, STEP);
        assertThat(g.counterAt(Instant.ofEpochSecond(59))).isEqualTo(1);
        assertThat(g.counterAt(Instant.ofEpochSecond(60))).isEqualTo(2);
        assertThat(g.counterAt(Instant.ofEpochMilli(59_999))).isEqualTo(1);
        assertThat(g.counterAt(Instant.ofEpochSecond(1111111109))).isEqualTo(0x23523EC);
    }

    @Test
    void instantAndCounterGiveTheSameCode() {
        TotpGenerator g = new TotpGenerator(TotpAlgorithm.SHA256, 6, STEP);
        byte[] key = seedFor(TotpAlgorithm.SHA256);
        Instant t = Instant.ofEpochSecond(2000000000);
        assertThat(g.generate(key, t)).isEqualTo(g.generate(key, g.counterAt(t)));
    }

    @Test
    void everyInstantOfAStepHasTheSameCode() {
        TotpGenerator g = new TotpGenerator(TotpAlgorithm.SHA1, 6, STEP);
        byte[] key = seedFor(TotpAlgorithm.SHA1);
        String first = g.generate(key, Instant.ofEpochSecond(1200));
        assertThat(g.generate(key, Instant.ofEpochMilli(1_229_999))).isEqualTo(first);
        assertThat(g.generate(key, Instant.ofEpochSecond(1230))).isNotEqualTo(first);
    }

    @Test
    void refusesDigitsOutsideSixToEight() {
        assertThatThrownBy(() -> new TotpGenerator(TotpAlgorithm.SHA1, 5, STEP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits").hasMessageContaining("5");
        assertThatThrownBy(() -> new TotpGenerator(TotpAlgorithm.SHA1, 9, STEP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9");
    }

    @Test
    void refusesAStepUnderOneSecondOrNone() {
        assertThatThrownBy(() -> new TotpGenerator(TotpAlgorithm.SHA1, 6, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> new TotpGenerator(TotpAlgorithm.SHA1, 6, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
    }

    @Test
    void refusesAMissingAlgorithm() {
        assertThatThrownBy(() -> new TotpGenerator(null, 6, STEP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm");
    }
}
