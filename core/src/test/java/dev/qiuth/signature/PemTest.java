package dev.qiuth.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PemTest {
    private static final String PUBLIC_PEM = TestKeys.clientPublicPem();
    private static final String PRIVATE_PEM = TestKeys.clientPrivatePem();

    /** The base64 of a PEM's body, for checking that no message repeats it. */
    private static String bodyOf(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    @Test
    void parsesAnSpkiPublicKeyWithRealNewlines() {
        assertThat(PUBLIC_PEM).startsWith("-----BEGIN PUBLIC KEY-----\n").contains("\n-----END PUBLIC KEY-----");
        RSAPublicKey key = Pem.parsePublicKey(PUBLIC_PEM);
        assertThat(key).isEqualTo(TestKeys.client().getPublic());
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void parsesAnSpkiPublicKeyWithLiteralBackslashNEscapes() {
        // as a .env file carries it: one line, "\n" written as backslash and n
        String escaped = PUBLIC_PEM.replace("\n", "\\n");
        assertThat(escaped).doesNotContain("\n");
        assertThat(Pem.parsePublicKey(escaped)).isEqualTo(TestKeys.client().getPublic());
    }

    @Test
    void parsesCrLfAndOneLineBodiesAndSurroundingWhitespace() {
        String oneLine = "-----BEGIN PUBLIC KEY-----" + PUBLIC_PEM.lines().filter(l -> !l.startsWith("-----"))
                .reduce("", String::concat) + "-----END PUBLIC KEY-----";
        assertThat(Pem.parsePublicKey(PUBLIC_PEM.replace("\n", "\r\n"))).isEqualTo(TestKeys.client().getPublic());
        assertThat(Pem.parsePublicKey(oneLine)).isEqualTo(TestKeys.client().getPublic());
        assertThat(Pem.parsePublicKey("  \n" + PUBLIC_PEM + "\n\n  ")).isEqualTo(TestKeys.client().getPublic());
    }

    @Test
    void parsesAPkcs8PrivateKeyWithRealNewlinesAndEscapes() {
        PrivateKey expected = TestKeys.client().getPrivate();
        assertThat(PRIVATE_PEM).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.parsePrivateKey(PRIVATE_PEM)).isEqualTo(expected);
        assertThat(Pem.parsePrivateKey(PRIVATE_PEM.replace("\n", "\\n"))).isEqualTo(expected);
    }

    @Test
    void refusesAPkcs1PublicKeyAndSaysHowToConvertIt() {
        // a PKCS#1 RSAPublicKey is the BIT STRING inside the SPKI: the last 270 bytes for RSA-2048 with e=65537
        byte[] spki = TestKeys.client().getPublic().getEncoded();
        String pkcs1 = pem("RSA PUBLIC KEY", Arrays.copyOfRange(spki, spki.length - 270, spki.length));
        assertThatThrownBy(() -> Pem.parsePublicKey(pkcs1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#1").hasMessageContaining("SPKI (BEGIN PUBLIC KEY)")
                .hasMessageContaining("openssl pkey")
                .message().doesNotContain(bodyOf(pkcs1));
    }

    @Test
    void refusesAPkcs1PrivateKeyAndSaysHowToConvertIt() {
        // a PKCS#1 RSAPrivateKey is the OCTET STRING inside the PKCS#8: after a 26-byte header for RSA-2048
        byte[] pkcs8 = TestKeys.client().getPrivate().getEncoded();
        String pkcs1 = pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
        assertThatThrownBy(() -> Pem.parsePrivateKey(pkcs1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#1").hasMessageContaining("PKCS#8 (BEGIN PRIVATE KEY)")
                .message().doesNotContain(bodyOf(pkcs1)).doesNotContain(bodyOf(PRIVATE_PEM));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\\n"})
    void refusesAnEmptyPem(String pem) {
        assertThatThrownBy(() -> Pem.parsePublicKey(pem)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.parsePrivateKey(pem)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        "-----BEGIN PUBLIC KEY-----\nMIIB", "-----END PUBLIC KEY-----\nMIIB\n-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"})
    void refusesTextWithoutAPublicKeyBlock(String pem) {
        assertThatThrownBy(() -> Pem.parsePublicKey(pem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'-----BEGIN PUBLIC KEY-----' ... '-----END PUBLIC KEY-----'");
    }

    @Test
    void refusesABodyThatIsNotBase64() {
        assertThatThrownBy(() -> Pem.parsePublicKey("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PEM public key body is not base64");
    }

    @Test
    void refusesBase64ThatIsNotAKey() {
        String garbage = pem("PUBLIC KEY", "not a key at all, just some bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Pem.parsePublicKey(garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PEM public key is not an RSA SPKI key");
        String garbagePrivate = pem("PRIVATE KEY", new byte[64]);
        assertThatThrownBy(() -> Pem.parsePrivateKey(garbagePrivate))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PEM private key is not an RSA PKCS#8 key");
    }

    @Test
    void refusesAPrivateKeyWhereAPublicKeyIsExpectedAndTheOtherWayRound() {
        assertThatThrownBy(() -> Pem.parsePublicKey(PRIVATE_PEM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BEGIN PUBLIC KEY")
                .message().doesNotContain(bodyOf(PRIVATE_PEM));
        assertThatThrownBy(() -> Pem.parsePrivateKey(PUBLIC_PEM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void refusesAnEllipticCurveKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        String ec = Pem.encodePublicKey(g.generateKeyPair().getPublic());
        assertThatThrownBy(() -> Pem.parsePublicKey(ec))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PEM public key is not an RSA SPKI key");
    }

    @Test
    void refusesAKeyUnder2048Bits() {
        String weak = Pem.encodePublicKey(TestKeys.weak().getPublic());
        assertThatThrownBy(() -> Pem.parsePublicKey(weak))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA public key is 1024 bits; at least 2048 are required");
    }

    @Test
    void encodesSixtyFourCharacterLines() {
        assertThat(PUBLIC_PEM.lines().filter(l -> !l.startsWith("-----")))
                .allSatisfy(line -> assertThat(line.length()).isBetween(1, 64));
        assertThat(PUBLIC_PEM).endsWith("-----END PUBLIC KEY-----\n");
    }
}
