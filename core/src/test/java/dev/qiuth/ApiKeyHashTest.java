package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.TestSecrets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiKeyHashTest {
    private static final String KEY = TestSecrets.register("sk_live_hashme_Qx8Vb3Nm6Kc1");

    @Test
    void isTheLowerCaseHexSha256OfTheUtf8Key() {
        // sha256("abc"), FIPS 180-2
        assertThat(ApiKeyHash.of("abc").hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shortIdIsTheFirstEightHexCharacters() {
        assertThat(ApiKeyHash.of("abc").shortId()).isEqualTo("ba7816bf");
    }

    @Test
    void readsAStoredHashInEitherCase() {
        ApiKeyHash h = ApiKeyHash.of(KEY);
        assertThat(ApiKeyHash.fromHex(h.hex())).isEqualTo(h).hasSameHashCodeAs(h);
        assertThat(ApiKeyHash.fromHex(h.hex().toUpperCase())).isEqualTo(h);
        assertThat(ApiKeyHash.fromHex(" " + h.hex() + "\n")).isEqualTo(h);
    }

    @Test
    void readsAStoredHashFromItsBytesAndCopiesThem() {
        ApiKeyHash h = ApiKeyHash.of(KEY);
        byte[] bytes = h.toBytes();
        assertThat(bytes).hasSize(32).isEqualTo(HexFormat.of().parseHex(h.hex()));
        ApiKeyHash read = ApiKeyHash.fromBytes(bytes);
        assertThat(read).isEqualTo(h).hasSameHashCodeAs(h);
        bytes[0] ^= 1;
        assertThat(read).isEqualTo(h);
        assertThat(ApiKeyHash.fromBytes(bytes)).isNotEqualTo(h);
        h.toBytes()[1] ^= 1;
        assertThat(h.hex()).isEqualTo(read.hex());
        for (byte[] bad : new byte[][] {null, new byte[0], new byte[31], new byte[33]}) {
            assertThatThrownBy(() -> ApiKeyHash.fromBytes(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("API key hash must be 32 bytes (SHA-256)");
        }
    }

    @Test
    void refusesAStoredHashOfTheWrongShape() {
        String hex = ApiKeyHash.of(KEY).hex();
        for (String bad : new String[] {null, "", hex.substring(1), hex + "0", "g" + hex.substring(1)}) {
            assertThatThrownBy(() -> ApiKeyHash.fromHex(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("API key hash must be 64 hex characters (SHA-256)");
        }
    }

    @Test
    void refusesAnEmptyKey() {
        assertThatThrownBy(() -> ApiKeyHash.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyHash.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesOnlyTheSameHash() {
        assertThat(ApiKeyHash.of(KEY).matches(ApiKeyHash.of(KEY))).isTrue();
        assertThat(ApiKeyHash.of(KEY).matches(ApiKeyHash.of(KEY + "x"))).isFalse();
        assertThat(ApiKeyHash.of(KEY).matches(null)).isFalse();
        assertThat(ApiKeyHash.of(KEY)).isNotEqualTo(ApiKeyHash.of(KEY + "x"));
    }

    @Test
    void toStringShowsTheShortIdOnly() {
        ApiKeyHash h = ApiKeyHash.of(KEY);
        assertThat(h.toString()).isEqualTo("ApiKeyHash[" + h.shortId() + "…]").doesNotContain(KEY).doesNotContain(h.hex());
    }
}
