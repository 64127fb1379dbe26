package dev.qiuth.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.signature.Pem;
import dev.qiuth.totp.Base32;
import dev.qiuth.totp.TotpConfig;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialGeneratorTest {
    private final CredentialGenerator generator = new CredentialGenerator();

    @Test
    void apiKeyIs43Base64UrlCharactersAfterThePrefix() {
        String key = TestSecrets.register(generator.apiKey("sk_live_"));
        assertThat(key).startsWith("sk_live_").hasSize(8 + 43);
        assertThat(key.substring(8)).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(key.substring(8))).hasSize(32);
        assertThat(TestSecrets.register(generator.apiKey())).matches("[A-Za-z0-9_-]{43}");
        assertThat(TestSecrets.register(generator.apiKey(null))).hasSize(43);
    }

    @Test
    void apiKeysDoNotRepeat() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            keys.add(generator.apiKey());
        }
        assertThat(keys).hasSize(100);
    }

    @Test
    void totpSecretIs32Base32CharactersOf20Bytes() {
        String secret = TestSecrets.register(generator.totpSecret());
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(Base32.decode(secret)).hasSize(20);
        assertThat(TotpConfig.of(secret).secretBytes()).hasSize(20);
    }

    @Test
    void hmacSecretIs64LowerCaseHexCharacters() {
        String secret = TestSecrets.register(generator.hmacSecret());
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(HmacConfig.of(secret)).isNotNull();
    }

    @Test
    void rsaKeyPairIsPemThatParsesAndNeverPrintsThePrivateKey() {
        CredentialGenerator.PemKeyPair pair = generator.rsaKeyPair(2048);
        TestSecrets.registerPem(pair.privateKeyPem());
        assertThat(pair.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(pair.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.parsePublicKey(pair.publicKeyPem()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(Pem.parsePrivateKey(pair.privateKeyPem()).getAlgorithm()).isEqualTo("RSA");
        String body = pair.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
        assertThat(pair.toString()).contains("privateKeyPem=<redacted>").doesNotContain(body).doesNotContain("PRIVATE");
    }

    @Test
    void refusesRsaKeysUnder2048Bits() {
        assertThatThrownBy(() -> generator.rsaKeyPair(1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("RSA keys must have at least 2048 bits, got 1024");
    }
}
