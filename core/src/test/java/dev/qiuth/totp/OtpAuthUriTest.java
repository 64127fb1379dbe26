package dev.qiuth.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OtpAuthUriTest {
    private static final TotpConfig DEFAULTS = TotpConfig.of("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

    @Test
    void hasTheProtocolShapeForDefaultParameters() {
        assertThat(OtpAuthUri.of(DEFAULTS, "Acme", "alice"))
                .isEqualTo("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme");
    }

    @Test
    void percentEncodesIssuerAndAccountWithSpacesAsPercent20() {
        assertThat(OtpAuthUri.of(DEFAULTS, "Acme Corp", "alice@example.com"))
                .isEqualTo("otpauth://totp/Acme%20Corp:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                        + "&issuer=Acme%20Corp");
    }

    @Test
    void secretIsUnpaddedUpperCaseBase32() {
        TotpConfig lower = TotpConfig.of("jbswy3dpehpk3pxp");
        assertThat(OtpAuthUri.of(lower, "Acme", "bob")).contains("secret=JBSWY3DPEHPK3PXP&").doesNotContain("=&issuer");
    }

    @Test
    void addsOnlyTheParametersThatDifferFromTheDefaults() {
        TotpConfig c = DEFAULTS.toBuilder().algorithm(TotpAlgorithm.SHA256).digits(8).step(Duration.ofSeconds(60)).build();
        assertThat(OtpAuthUri.of(c, "Acme", "alice"))
                .endsWith("&issuer=Acme&algorithm=SHA256&digits=8&period=60");
        assertThat(OtpAuthUri.of(DEFAULTS.toBuilder().digits(8).build(), "Acme", "alice"))
                .endsWith("&issuer=Acme&digits=8");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "Acme:Corp"})
    void refusesAnIssuerThatIsEmptyOrHasAColon(String issuer) {
        assertThatThrownBy(() -> OtpAuthUri.of(DEFAULTS, issuer, "alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void refusesAnEmptyAccount(String account) {
        assertThatThrownBy(() -> OtpAuthUri.of(DEFAULTS, "Acme", account))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
    }
}
