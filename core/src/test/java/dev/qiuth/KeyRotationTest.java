package dev.qiuth;

import static dev.qiuth.fixture.Problems.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.Call;
import dev.qiuth.fixture.TestKeys;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.signature.CertificateConfig;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.signature.Pem;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.testing.MutableClock;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key rotating its credentials: both generations until the deadline, only the new one after it. */
class KeyRotationTest {
    private static final String OLD_KEY = TestSecrets.register("sk_test_rotation_old_4Fh8Kd2Lm");
    private static final String NEW_KEY = TestSecrets.register("sk_test_rotation_new_9Tq3Wz7Xc");
    private static final String OLD_HMAC = TestSecrets.register("old-hmac-secret-0123456789abcdef0123");
    private static final String NEW_HMAC = TestSecrets.register("new-hmac-secret-fedcba9876543210fedc");
    private static final String OLD_TOTP = TestSecrets.register("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    private static final String NEW_TOTP = TestSecrets.register("KRUGKIDROVUWG2ZAMJZG653OEBTG66BA");
    private static final String URL = "http://api.example.com/v1/orders";

    private final MutableClock clock = MutableClock.standard();
    private final Instant start = clock.instant();
    private final Instant until = start.plus(Duration.ofHours(24));
    private final List<String> warnings = new ArrayList<>();

    private Qiuth engine(KeyPolicy policy) {
        return Qiuth.builder().clock(clock).keyStore(InMemoryKeyStore.of(policy))
                .rotationListener((p, ends) -> warnings.add(p.keyId() + " " + p.previousCredentials() + " " + ends))
                .build();
    }

    private KeyPolicy rotatingKeyAndHmac() {
        return KeyPolicy.builder().id("rot").apiKey(NEW_KEY).hmac(NEW_HMAC).totp(NEW_TOTP)
                .rotation(KeyRotation.builder(start, until).previousApiKeyHash(ApiKeyHash.of(OLD_KEY))
                        .previousHmac(HmacConfig.of(OLD_HMAC)).previousTotp(TotpConfig.of(OLD_TOTP)).build())
                .build();
    }

    private Decision send(Qiuth qiuth, String apiKey, String totp, String hmac) {
        RequestSigner signer = RequestSigner.builder().apiKey(apiKey).totpSecret(totp).hmacSecret(hmac).clock(clock).build();
        return qiuth.authenticate(Call.post(URL).body("{\"n\":" + clock.millis() + "}").signedBy(signer).view());
    }

    @Test
    void duringTheTransitionOldAndNewCredentialsAreBothGrantedAndThePrincipalNamesTheOldOnes() {
        Qiuth qiuth = engine(rotatingKeyAndHmac());

        Decision fresh = send(qiuth, NEW_KEY, NEW_TOTP, NEW_HMAC);
        clock.advance(Duration.ofMillis(1));
        Decision stale = send(qiuth, OLD_KEY, OLD_TOTP, OLD_HMAC);
        clock.advance(Duration.ofMillis(1));
        Decision mixed = send(qiuth, NEW_KEY, OLD_TOTP, NEW_HMAC);

        assertThat(((Decision.Granted) fresh).principal().previousCredentials()).isEmpty();
        assertThat(((Decision.Granted) stale).principal().previousCredentials())
                .containsExactly(Factor.API_KEY, Factor.TOTP, Factor.HMAC);
        assertThat(((Decision.Granted) mixed).principal().previousCredentials()).containsExactly(Factor.TOTP);
        assertThat(((Decision.Granted) stale).principal().toJson()).contains("\"previousCredentials\":[\"API_KEY\",\"TOTP\",\"HMAC\"]");
        assertThat(warnings).as("not yet in the last quarter").isEmpty();
    }

    @Test
    void afterTheDeadlineOnlyTheNewCredentialsWork() {
        Qiuth qiuth = engine(rotatingKeyAndHmac());
        clock.set(until);

        assertDenied(send(qiuth, OLD_KEY, NEW_TOTP, NEW_HMAC), ErrorCode.INVALID_API_KEY);
        assertDenied(send(qiuth, NEW_KEY, OLD_TOTP, NEW_HMAC), ErrorCode.INVALID_TOTP_TOKEN);
        assertDenied(send(qiuth, NEW_KEY, NEW_TOTP, OLD_HMAC), ErrorCode.INVALID_HMAC);
        assertThat(send(qiuth, NEW_KEY, NEW_TOTP, NEW_HMAC).granted()).isTrue();
    }

    @Test
    void anOldCredentialUsedInTheLastQuarterIsHeard() {
        Qiuth qiuth = engine(rotatingKeyAndHmac());
        clock.set(until.minus(Duration.ofHours(5)));
        assertThat(send(qiuth, NEW_KEY, NEW_TOTP, OLD_HMAC).granted()).isTrue();
        assertThat(send(qiuth, NEW_KEY, NEW_TOTP, NEW_HMAC).granted()).isTrue();

        assertThat(warnings).containsExactly("rot [HMAC] " + until);
    }

    @Test
    void aRotatedCertificateAcceptsTheOldKeyPairUntilTheDeadline() {
        String oldPem = Pem.encodePublicKey(TestKeys.other().getPublic());
        KeyPolicy policy = KeyPolicy.builder().id("cert").apiKey(NEW_KEY).certificate(TestKeys.clientPublicPem())
                .rotation(KeyRotation.builder(start, until).previousCertificate(CertificateConfig.of(oldPem)).build())
                .build();
        Qiuth qiuth = engine(policy);
        RequestSigner oldSigner = RequestSigner.builder().apiKey(NEW_KEY).clock(clock)
                .privateKeyPem(TestSecrets.registerPem(Pem.encodePrivateKey(TestKeys.other().getPrivate()))).build();

        Decision d = qiuth.authenticate(Call.post(URL).body("{}").signedBy(oldSigner).view());
        assertThat(((Decision.Granted) d).principal().previousCredentials()).containsExactly(Factor.CERTIFICATE);
        clock.set(until);
        clock.advance(Duration.ofMillis(1));
        assertDenied(qiuth.authenticate(Call.post(URL).body("{}").signedBy(oldSigner).view()), ErrorCode.INVALID_SIGNATURE);
    }

    @Test
    void aRotationCannotAddAFactorTheKeyDoesNotRequire() {
        KeyRotation oldTotp = KeyRotation.builder(start, until).previousTotp(TotpConfig.of(OLD_TOTP)).build();
        assertThatThrownBy(() -> KeyPolicy.builder().apiKey(NEW_KEY).rotation(oldTotp).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no TOTP");
        KeyRotation oldHmac = KeyRotation.builder(start, until).previousHmac(HmacConfig.of(OLD_HMAC)).build();
        assertThatThrownBy(() -> KeyPolicy.builder().apiKey(NEW_KEY).rotation(oldHmac).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no HMAC");
        assertThatThrownBy(() -> KeyRotation.builder(until, start).previousTotp(TotpConfig.of(OLD_TOTP)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRotation.builder(start, until).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInMemoryStoreFindsARotatingKeyByEitherKeyAndForgetsTheOldOneWhenReplaced() {
        InMemoryKeyStore store = InMemoryKeyStore.of(rotatingKeyAndHmac());
        assertThat(store.findByHash(ApiKeyHash.of(OLD_KEY))).isPresent();
        assertThat(store.findByHash(ApiKeyHash.of(NEW_KEY))).isPresent();

        store.put(rotatingKeyAndHmac().toBuilder().withoutRotation().build()); // completed
        assertThat(store.findByHash(ApiKeyHash.of(OLD_KEY))).isEmpty();
        assertThat(store.findByHash(ApiKeyHash.of(NEW_KEY))).isPresent();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aReplayWithTheOldKeyOfARequestFirstSentWithTheNewOneIsStillARequestOfTheSameKey() {
        Qiuth qiuth = engine(KeyPolicy.builder().id("rot").apiKey(NEW_KEY).hmac(NEW_HMAC)
                .rotation(KeyRotation.builder(start, until).previousApiKeyHash(ApiKeyHash.of(OLD_KEY)).build()).build());
        Call call = Call.post(URL).body("{}").signedBy(RequestSigner.builder().apiKey(NEW_KEY).hmacSecret(NEW_HMAC).clock(clock).build());
        assertThat(qiuth.authenticate(call.view()).granted()).isTrue();
        assertDenied(qiuth.authenticate(call.remove("X-API-Key").header("X-API-Key", OLD_KEY).view()),
                ErrorCode.REPLAYED_REQUEST);
    }
}
