package dev.qiuth.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestKeys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateConfigTest {
    private static final byte[] DATA = CanonicalRequest.bytes("POST", "http://localhost:8080/api/data", 1700000000000L,
            "{\"a\":1}".getBytes(UTF_8));

    static byte[] rawSign(PrivateKey key, String algorithm, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    @Test
    void verifiesASha256WithRsaSignatureOfTheData() throws GeneralSecurityException {
        CertificateConfig cert = CertificateConfig.of(TestKeys.clientPublicPem());
        String sig = Base64.getEncoder().encodeToString(rawSign(TestKeys.client().getPrivate(), "SHA256withRSA", DATA));
        assertThat(cert.verifies(DATA, sig)).isTrue();
    }

    @Test
    void refusesASignatureOfOtherData() throws GeneralSecurityException {
        CertificateConfig cert = CertificateConfig.of(TestKeys.clientPublicPem());
        byte[] other = DATA.clone();
        other[0] = 'G';
        String sig = Base64.getEncoder().encodeToString(rawSign(TestKeys.client().getPrivate(), "SHA256withRSA", other));
        assertThat(cert.verifies(DATA, sig)).isFalse();
    }

    @Test
    void refusesAnotherKeysSignature() throws GeneralSecurityException {
        CertificateConfig cert = CertificateConfig.of(TestKeys.clientPublicPem());
        String sig = Base64.getEncoder().encodeToString(rawSign(TestKeys.other().getPrivate(), "SHA256withRSA", DATA));
        assertThat(cert.verifies(DATA, sig)).isFalse();
    }

    @Test
    void refusesAnotherAlgorithmsSignature() throws GeneralSecurityException {
        CertificateConfig cert = CertificateConfig.of(TestKeys.clientPublicPem());
        String sha1 = Base64.getEncoder().encodeToString(rawSign(TestKeys.client().getPrivate(), "SHA1withRSA", DATA));
        assertThat(cert.verifies(DATA, sha1)).isFalse();
    }

    @Test
    void refusesAFlippedBitAndATruncatedSignature() throws GeneralSecurityException {
        CertificateConfig cert = CertificateConfig.of(TestKeys.clientPublicPem());
        byte[] sig = rawSign(TestKeys.client().getPrivate(), "SHA256withRSA", DATA);
        byte[] flipped = sig.clone();
        flipped[100] ^= 1;
        assertThat(cert.verifies(DATA, Base64.getEncoder().encodeToString(flipped))).isFalse();
        assertThat(cert.verifies(DATA, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sig, 255)))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"!!!!", "not base64 at all", "AAAA", "====", "a-b_"})
    void refusesGarbage(String presented) {
        assertThat(CertificateConfig.of(TestKeys.clientPublicPem()).verifies(DATA, presented)).isFalse();
    }

    @Test
    void refusesAnOverlongSignatureUndecoded() {
        assertThat(CertificateConfig.of(TestKeys.clientPublicPem()).verifies(DATA, "A".repeat(4096))).isFalse();
    }

    @Test
    void refusesAKeyUnder2048BitsAtConfiguration() {
        String weak = dev.qiuth.signature.Pem.encodePublicKey(TestKeys.weak().getPublic());
        assertThatThrownBy(() -> CertificateConfig.of(weak))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024 bits");
    }

    @Test
    void refusesANonPositiveMaxAge() {
        assertThatThrownBy(() -> CertificateConfig.of(TestKeys.clientPublicPem(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("certificate maxAge must be positive, got PT0S");
        assertThatThrownBy(() -> CertificateConfig.of(TestKeys.clientPublicPem(), Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-5S");
        assertThatThrownBy(() -> CertificateConfig.of(TestKeys.clientPublicPem(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsToAMaxAgeOfFiveMinutes() {
        assertThat(CertificateConfig.of(TestKeys.clientPublicPem()).maxAge()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void toStringNamesTheKeySizeAndMaxAge() {
        assertThat(CertificateConfig.of(TestKeys.clientPublicPem(), Duration.ofSeconds(60)))
                .hasToString("CertificateConfig[RSA-2048, maxAge=60s]");
    }
}
