package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestKeys;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.ip.IpAddress;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.ratelimit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
    private static final String KEY = TestSecrets.register("sk_test_policy_Hq2Lr7Zt4Nw9");
    private static final String TOTP = TestSecrets.register("KRUGKIDROVUWG2ZAMJZG653OEBTG66BA");
    private static final String HMAC = TestSecrets.register("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c");

    private static KeyPolicy.Builder base() {
        return KeyPolicy.builder().apiKey(KEY);
    }

    @Test
    void requiresAnApiKeyOrItsHash() {
        assertThatThrownBy(() -> KeyPolicy.builder().id("x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("API key or its SHA-256 hash is required");
        assertThatThrownBy(() -> KeyPolicy.builder().apiKey("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API key is empty");
    }

    @Test
    void acceptsTheKeysHashInsteadOfTheKey() {
        String hex = ApiKeyHash.of(KEY).hex();
        assertThat(KeyPolicy.builder().apiKeyHash(hex).build().keyHash()).isEqualTo(ApiKeyHash.of(KEY));
        assertThat(KeyPolicy.builder().apiKeyHash(hex.toUpperCase()).build().keyHash()).isEqualTo(ApiKeyHash.of(KEY));
    }

    @Test
    void refusesAHashThatIsNot64HexCharacters() {
        assertThatThrownBy(() -> KeyPolicy.builder().apiKeyHash("abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("API key hash must be 64 hex characters (SHA-256)");
    }

    @Test
    void defaultsItsIdToTheHashsShortIdAndItsNameToTheId() {
        KeyPolicy p = base().build();
        assertThat(p.id()).isEqualTo(ApiKeyHash.of(KEY).shortId()).hasSize(8);
        assertThat(p.name()).isEqualTo(p.id());
        assertThat(base().id("billing").build().name()).isEqualTo("billing");
    }

    @Test
    void refusesABlankId() {
        assertThatThrownBy(() -> base().id(" ")).isInstanceOf(IllegalArgumentException.class).hasMessage("key id must be non-blank");
    }

    @Test
    void listsTheFactorsItRequiresInProtocolOrder() {
        KeyPolicy p = base().hmac(HMAC).totp(TOTP).ipAllowlist("10.0.0.0/8").certificate(TestKeys.clientPublicPem()).build();
        assertThat(p.factors()).containsExactly(Factor.API_KEY, Factor.IP_ALLOWLIST, Factor.TOTP, Factor.CERTIFICATE, Factor.HMAC);
        assertThat(base().build().factors()).containsExactly(Factor.API_KEY);
    }

    @Test
    void refusesABadCidrNamingIt() {
        assertThatThrownBy(() -> base().ipAllowlist("10.0.0.0/8", "10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.0/33'");
    }

    @Test
    void refusesAnEmptyAllowlist() {
        assertThatThrownBy(() -> base().ipAllowlist(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    @Test
    void refusesBadBase32WithoutRepeatingTheSecret() {
        String bad = TestSecrets.register("KRUGKIDROVUWG2ZAMJZG653OEBTG66B1");
        assertThatThrownBy(() -> base().totp(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base32")
                .message().doesNotContain(bad).doesNotContain("KRUGKIDR");
    }

    @Test
    void refusesABadPem() {
        assertThatThrownBy(() -> base().certificate("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PEM public key is not an RSA SPKI key");
    }

    @Test
    void refusesAShortHmacSecretWithoutRepeatingIt() {
        String shortSecret = TestSecrets.register("only-twenty-chars-xx");
        assertThatThrownBy(() -> base().hmac(shortSecret))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("HMAC secret must be at least 32 characters, got 20");
    }

    @Test
    void refusesNonPositiveMaxAges() {
        assertThatThrownBy(() -> base().hmac(HMAC, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("HMAC maxAge must be positive, got PT0S");
        assertThatThrownBy(() -> base().certificate(TestKeys.clientPublicPem(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("certificate maxAge must be positive, got PT-1S");
    }

    @Test
    void refusesMaxAgesOverADay() {
        assertThatThrownBy(() -> base().hmac(HMAC, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most PT24H");
        assertThatThrownBy(() -> base().certificate(TestKeys.clientPublicPem(), Duration.ofHours(25)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most PT24H");
        assertThat(base().hmac(HMAC, Duration.ofDays(1)).build().hmac()).isPresent();
    }

    @Test
    void refusesTrustedProxiesWithoutAnAllowlist() {
        assertThatThrownBy(() -> base().trustedProxies(TrustedProxies.of("10.0.0.0/8")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no IP allowlist");
    }

    @Test
    void isActiveUntilItsExpiryInstantAndNeverWhenRevoked() {
        Instant expiry = Instant.parse("2027-01-01T00:00:00Z");
        KeyPolicy p = base().expiresAt(expiry).build();
        assertThat(p.activeAt(expiry.minusMillis(1))).isTrue();
        assertThat(p.activeAt(expiry)).isFalse();
        assertThat(base().revoked(true).build().activeAt(Instant.EPOCH)).isFalse();
        assertThat(base().build().activeAt(Instant.MAX)).isTrue();
    }

    @Test
    void toBuilderKeepsEverythingAndWithoutRemovesAFactor() {
        KeyPolicy p = base().id("k").ipAllowlist("10.0.0.0/8").totp(TOTP).hmac(HMAC).name("n").owner("o").scopes("a", "b")
                .metadata("m", "v").expiresAt(Instant.parse("2027-01-01T00:00:00Z"))
                .rateLimit(RateLimit.of(5, Duration.ofMinutes(1))).build();
        KeyPolicy copy = p.toBuilder().build();
        assertThat(copy.id()).isEqualTo("k");
        assertThat(copy.keyHash()).isEqualTo(p.keyHash());
        assertThat(copy.factors()).isEqualTo(p.factors());
        assertThat(copy.name()).isEqualTo("n");
        assertThat(copy.owner()).contains("o");
        assertThat(copy.scopes()).containsExactlyInAnyOrder("a", "b");
        assertThat(copy.metadata()).containsEntry("m", "v");
        assertThat(copy.expiresAt()).isEqualTo(p.expiresAt());
        assertThat(copy.rateLimit()).isEqualTo(p.rateLimit());
        assertThat(p.toBuilder().withoutTotp().withoutHmac().withoutIpAllowlist().build().factors())
                .containsExactly(Factor.API_KEY);
    }

    @Test
    void withoutCertificateDropsOnlyTheCertificate() {
        KeyPolicy p = base().certificate(TestKeys.clientPublicPem()).hmac(HMAC).build();
        assertThat(p.factors()).contains(Factor.CERTIFICATE);
        KeyPolicy without = p.toBuilder().withoutCertificate().build();
        assertThat(without.factors()).containsExactly(Factor.API_KEY, Factor.HMAC);
        assertThat(without.certificate()).isEmpty();
    }

    @Test
    void keysOwnTrustedProxiesDecideItsClientAddress() {
        KeyPolicy p = base().ipAllowlist("198.51.100.0/24").trustedProxies(TrustedProxies.of("10.0.0.0/8")).build();
        TrustedProxies own = p.trustedProxies().orElseThrow();
        IpAddress client = own.clientAddress("10.0.0.2", List.of("198.51.100.7"), List.of());
        assertThat(p.ipAllowlist().orElseThrow().allows(client)).isTrue();
    }

    @Test
    void toStringNamesTheKeyByIdAndShortHashOnly() {
        KeyPolicy p = base().id("billing").totp(TOTP).hmac(HMAC).certificate(TestKeys.clientPublicPem()).revoked(true).build();
        assertThat(p.toString()).contains("billing", ApiKeyHash.of(KEY).shortId(), "revoked", "HMAC")
                .doesNotContain(KEY).doesNotContain(TOTP).doesNotContain(HMAC).doesNotContain(ApiKeyHash.of(KEY).hex())
                .doesNotContain("BEGIN");
    }
}
