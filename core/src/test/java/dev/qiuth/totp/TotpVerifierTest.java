package dev.qiuth.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpVerifierTest {
    private static final byte[] KEY = "12345678901234567890".getBytes(US_ASCII);
    private static final TotpGenerator GENERATOR = new TotpGenerator(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30));
    /** The middle of step 40_000_000. */
    private static final Instant NOW = Instant.ofEpochSecond(40_000_000L * 30 + 15);
    private static final long CURRENT = 40_000_000L;

    private static String codeAt(long counter) {
        return GENERATOR.generate(KEY, counter);
    }

    @Test
    void windowZeroAcceptsOnlyTheCurrentStep() {
        TotpVerifier v = new TotpVerifier(GENERATOR, 0);
        assertThat(v.verify(KEY, codeAt(CURRENT), NOW)).isEqualTo(CURRENT);
        assertThat(v.verify(KEY, codeAt(CURRENT - 1), NOW)).isEqualTo(TotpVerifier.NO_MATCH);
        assertThat(v.verify(KEY, codeAt(CURRENT + 1), NOW)).isEqualTo(TotpVerifier.NO_MATCH);
    }

    @Test
    void windowOneAcceptsOneStepEitherSideAndNoMore() {
        TotpVerifier v = new TotpVerifier(GENERATOR, 1);
        assertThat(v.verify(KEY, codeAt(CURRENT - 1), NOW)).isEqualTo(CURRENT - 1);
        assertThat(v.verify(KEY, codeAt(CURRENT), NOW)).isEqualTo(CURRENT);
        assertThat(v.verify(KEY, codeAt(CURRENT + 1), NOW)).isEqualTo(CURRENT + 1);
        assertThat(v.verify(KEY, codeAt(CURRENT - 2), NOW)).isEqualTo(TotpVerifier.NO_MATCH);
        assertThat(v.verify(KEY, codeAt(CURRENT + 2), NOW)).isEqualTo(TotpVerifier.NO_MATCH);
    }

    @Test
    void windowTwoAcceptsTwoStepsEitherSideAndNoMore() {
        TotpVerifier v = new TotpVerifier(GENERATOR, 2);
        assertThat(v.verify(KEY, codeAt(CURRENT - 2), NOW)).isEqualTo(CURRENT - 2);
        assertThat(v.verify(KEY, codeAt(CURRENT + 2), NOW)).isEqualTo(CURRENT + 2);
        assertThat(v.verify(KEY, codeAt(CURRENT - 3), NOW)).isEqualTo(TotpVerifier.NO_MATCH);
        assertThat(v.verify(KEY, codeAt(CURRENT + 3), NOW)).isEqualTo(TotpVerifier.NO_MATCH);
    }

    @Test
    void stepBoundaryIsExact() {
        TotpVerifier v = new TotpVerifier(GENERATOR, 0);
        Instant lastMsOfStep = Instant.ofEpochMilli((CURRENT + 1) * 30_000 - 1);
        Instant firstMsOfNext = Instant.ofEpochMilli((CURRENT + 1) * 30_000);
        assertThat(v.verify(KEY, codeAt(CURRENT), lastMsOfStep)).isEqualTo(CURRENT);
        assertThat(v.verify(KEY, codeAt(CURRENT), firstMsOfNext)).isEqualTo(TotpVerifier.NO_MATCH);
    }

    @Test
    void returnsTheCounterThatMatched() {
        TotpVerifier v = new TotpVerifier(GENERATOR, 1);
        assertThat(v.verify(KEY, "287082", Instant.ofEpochSecond(59))).isEqualTo(1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"28708", "2870820", "0287082", " 287082", "287082 ", "28708a", "+87082", "-87082",
        "２８７０８２", "٢٨٧٠٨٢", "287 82", "28.082"})
    void codesOfTheWrongShapeNeverMatch(String code) {
        // 287082 is the valid code at 59 s; none of these spellings of it may pass
        TotpVerifier v = new TotpVerifier(GENERATOR, 10);
        assertThat(v.verify(KEY, code, Instant.ofEpochSecond(59))).isEqualTo(TotpVerifier.NO_MATCH);
    }

    @Test
    void aWrongCodeOfTheRightShapeDoesNotMatch() {
        TotpVerifier v = new TotpVerifier(GENERATOR, 1);
        String valid = codeAt(CURRENT);
        String wrong = valid.equals("000000") ? "000001" : "000000";
        for (long c = CURRENT - 1; c <= CURRENT + 1; c++) {
            assertThat(codeAt(c)).isNotEqualTo(wrong);
        }
        assertThat(v.verify(KEY, wrong, NOW)).isEqualTo(TotpVerifier.NO_MATCH);
    }

    @Test
    void anotherKeysCodeDoesNotMatch() {
        TotpVerifier v = new TotpVerifier(GENERATOR, 1);
        byte[] otherKey = "09876543210987654321".getBytes(US_ASCII);
        String otherCode = GENERATOR.generate(otherKey, CURRENT);
        assertThat(otherCode).as("precondition: the keys' codes differ").isNotEqualTo(codeAt(CURRENT));
        assertThat(v.verify(KEY, otherCode, NOW)).isEqualTo(TotpVerifier.NO_MATCH);
    }

    @Test
    void refusesANegativeOrHugeWindow() {
        assertThatThrownBy(() -> new TotpVerifier(GENERATOR, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window").hasMessageContaining("-1");
        assertThatThrownBy(() -> new TotpVerifier(GENERATOR, 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11");
        assertThat(new TotpVerifier(GENERATOR, 10).window()).isEqualTo(10);
    }
}
