package dev.qiuth.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestSecrets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpConfigTest {
    private static final String SECRET = TestSecrets.register("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"); // "12345678901234567890"

    @Test
    void defaultsAreThoseOfAuthenticatorApps() {
        TotpConfig c = TotpConfig.of(SECRET);
        assertThat(c.algorithm()).isEqualTo(TotpAlgorithm.SHA1);
        assertThat(c.digits()).isEqualTo(6);
        assertThat(c.step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.window()).isEqualTo(1);
        assertThat(c.singleUse()).isFalse();
    }

    @Test
    void generatesTheRfc6238CodeOfItsSecret() {
        // the SHA1 seed of RFC 6238 Appendix B, base32; 94287082 with 8 digits at 59 s
        TotpConfig c = TotpConfig.builder(SECRET).digits(8).build();
        assertThat(c.codeAt(Instant.ofEpochSecond(59))).isEqualTo("94287082");
        assertThat(c.verify("94287082", Instant.ofEpochSecond(59))).isEqualTo(1);
    }

    @Test
    void theCodesKeptForAStepAreReplacedWhenTheStepChanges() {
        TotpConfig c = TotpConfig.of(SECRET);
        Instant t = Instant.ofEpochSecond(1_000_000 * 30L);
        String now = c.codeAt(t);
        String twoStepsLater = c.codeAt(t.plusSeconds(60));
        assertThat(now).isNotEqualTo(twoStepsLater);

        assertThat(c.verify(now, t)).isEqualTo(1_000_000);
        assertThat(c.verify(twoStepsLater, t)).isEqualTo(TotpVerifier.NO_MATCH);
        // two steps on, the first code is out of the window and the new one in, though codes were kept
        assertThat(c.verify(now, t.plusSeconds(60))).isEqualTo(TotpVerifier.NO_MATCH);
        assertThat(c.verify(twoStepsLater, t.plusSeconds(60))).isEqualTo(1_000_002);
        // and back (a clock set back): the window follows the time asked about
        assertThat(c.verify(now, t)).isEqualTo(1_000_000);
        assertThat(c.verify(c.codeAt(t.minusSeconds(30)), t)).isEqualTo(999_999);
    }

    @Test
    void acceptsLowerCaseAndPaddedSecrets() {
        TotpConfig upper = TotpConfig.of(SECRET);
        assertThat(TotpConfig.of(SECRET.toLowerCase())).isEqualTo(upper);
        // 16 chars = 10 bytes needs no padding; 26 chars = 16 bytes is padded to 32
        String sixteenBytes = Base32.encode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertThat(sixteenBytes).hasSize(26);
        assertThat(TotpConfig.of(sixteenBytes + "======").secretBytes()).hasSize(16);
    }

    @Test
    void keepsTheBase32FormForProvisioning() {
        assertThat(TotpConfig.of(SECRET.toLowerCase()).base32Secret()).isEqualTo(SECRET);
    }

    @Test
    void secretBytesAreACopy() {
        TotpConfig c = TotpConfig.of(SECRET);
        c.secretBytes()[0] ^= 1;
        assertThat(c.codeAt(Instant.ofEpochSecond(59))).isEqualTo(TotpConfig.of(SECRET).codeAt(Instant.ofEpochSecond(59)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ!", "GEZDGNBVGY3TQOJQ GEZDGNBVGY3TQOJQ",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ0", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQG", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ=",
        "GEZDGNBVGY3T=QOJQGEZDGNBVGY3TQOJQ"})
    void refusesBadBase32WithoutRepeatingTheSecret(String bad) {
        assertThatThrownBy(() -> TotpConfig.of(TestSecrets.register(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TOTP secret is not valid base32")
                .message().doesNotContain(bad).doesNotContain("GEZDGNBV");
    }

    @Test
    void refusesAMissingSecret() {
        assertThatThrownBy(() -> TotpConfig.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOTP secret");
        assertThatThrownBy(() -> TotpConfig.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOTP secret");
    }

    @Test
    void refusesASecretUnderTenBytes() {
        String nineBytes = TestSecrets.register("GEZDGNBVGY3TQOI"); // 15 chars = 9 bytes
        assertThatThrownBy(() -> TotpConfig.of(nineBytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 10 bytes").hasMessageContaining("got 9")
                .message().doesNotContain(nineBytes);
        assertThat(TotpConfig.of("GEZDGNBVGY3TQOJQ").secretBytes()).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 9, 10})
    void refusesDigitsOutsideSixToEight(int digits) {
        assertThatThrownBy(() -> TotpConfig.builder(SECRET).digits(digits).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits").hasMessageContaining(Integer.toString(digits))
                .message().doesNotContain(SECRET);
    }

    @Test
    void refusesAStepThatIsNotWholeSecondsOrUnderOne() {
        assertThatThrownBy(() -> TotpConfig.builder(SECRET).step(Duration.ofMillis(1500)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> TotpConfig.builder(SECRET).step(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> TotpConfig.builder(SECRET).step(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        assertThat(TotpConfig.builder(SECRET).step(Duration.ofSeconds(60)).build().step()).hasSeconds(60);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 11})
    void refusesAWindowOutsideZeroToTen(int window) {
        assertThatThrownBy(() -> TotpConfig.builder(SECRET).window(window).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window").hasMessageContaining(Integer.toString(window))
                .message().doesNotContain(SECRET);
    }

    @Test
    void refusesAMissingAlgorithm() {
        assertThatThrownBy(() -> TotpConfig.builder(SECRET).algorithm(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm");
    }

    @Test
    void toStringShowsTheParametersButNeverTheSecret() {
        TotpConfig c = TotpConfig.builder(SECRET).algorithm(TotpAlgorithm.SHA256).singleUse(true).build();
        assertThat(c.toString()).contains("SHA256", "digits=6", "step=30s", "window=1", "singleUse=true", "redacted")
                .doesNotContain(SECRET).doesNotContain(SECRET.toLowerCase()).doesNotContain("GEZDGNBV");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        TotpConfig c = TotpConfig.builder(SECRET).algorithm(TotpAlgorithm.SHA512).digits(8)
                .step(Duration.ofSeconds(60)).window(2).singleUse(true).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().window(0).build()).isNotEqualTo(c);
    }

    @Test
    void configsWithDifferentSecretsDiffer() {
        assertThat(TotpConfig.of(SECRET)).isNotEqualTo(TotpConfig.of("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
    }
}
