package dev.qiuth;

import static dev.qiuth.TestPolicies.URL;
import static dev.qiuth.fixture.Problems.assertDenied;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.Call;
import dev.qiuth.fixture.TestKeys;
import dev.qiuth.signature.CanonicalRequest;
import dev.qiuth.signature.HmacConfig;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.MutableClock;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The timestamp window, one-time signatures and single-use TOTP codes, with a clock the test moves. */
class QiuthTimestampTest {
    private static final String BODY = "{\"qty\":2}";

    private final MutableClock clock = MutableClock.standard();
    private final Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).build();

    /** An HMAC request whose timestamp is {@code offsetMs} from the server's now. */
    private Call hmacAt(long offsetMs) {
        MutableClock client = new MutableClock(clock.instant().plusMillis(offsetMs));
        return Call.post(URL).body(BODY).signedBy(TestPolicies.hmacSigner(client));
    }

    /** An HMAC request with a correct signature over a timestamp header the test writes. */
    private Call hmacWithTimestampHeader(String header, long signedValue) {
        String sig = HmacConfig.of(TestPolicies.HMAC_SECRET)
                .signHex(CanonicalRequest.bytes("POST", URL, signedValue, BODY.getBytes(UTF_8)));
        return Call.post(URL).body(BODY).header("X-API-Key", TestPolicies.HMAC_KEY).header("X-Timestamp", header)
                .header("X-HMAC-Signature", sig);
    }

    private Decision judge(Call call) {
        return qiuth.authenticate(call.view());
    }

    // ------------------------------------------------------------ window edges

    @Test
    void aTimestampExactlyMaxAgeOldIsAccepted() {
        assertThat(judge(hmacAt(-300_000)).granted()).isTrue();
    }

    @Test
    void aTimestampOneMillisecondOlderIsExpired() {
        assertDenied(judge(hmacAt(-300_001)), ErrorCode.EXPIRED_TIMESTAMP);
    }

    @Test
    void aTimestampSixtySecondsAheadIsAccepted() {
        assertThat(judge(hmacAt(60_000)).granted()).isTrue();
    }

    @Test
    void aTimestampOneMillisecondFurtherAheadIsFuture() {
        assertDenied(judge(hmacAt(60_001)), ErrorCode.FUTURE_TIMESTAMP);
    }

    @Test
    void aTimestampInSecondsIsRefusedEvenWhenCorrectlySigned() {
        long seconds = clock.millis() / 1000;
        assertDenied(judge(hmacWithTimestampHeader(Long.toString(seconds), seconds)), ErrorCode.EXPIRED_TIMESTAMP);
    }

    @Test
    void anIsoTimestampIsRefused() {
        assertDenied(judge(hmacWithTimestampHeader(clock.instant().toString(), clock.millis())), ErrorCode.EXPIRED_TIMESTAMP);
    }

    @Test
    void theSignatureCoversTheTimestamp() {
        Call call = hmacAt(0);
        long ts = Long.parseLong(call.headerValue("X-Timestamp"));
        assertDenied(judge(call.set("X-Timestamp", Long.toString(ts - 1))), ErrorCode.INVALID_HMAC);
    }

    @Test
    void eachKeysMaxAgeIsItsOwn() {
        KeyPolicy shortLived = TestPolicies.hmac().toBuilder().hmac(TestPolicies.HMAC_SECRET, Duration.ofSeconds(30)).build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(shortLived).build();
        assertThat(engine.authenticate(hmacAt(-30_000).view()).granted()).isTrue();
        assertDenied(engine.authenticate(hmacAt(-30_001).view()), ErrorCode.EXPIRED_TIMESTAMP);
    }

    @Test
    void aCertificateMaxAgeShorterThanTheHmacsRefusesFirst() {
        KeyPolicy mixed = TestPolicies.full().toBuilder().withoutTotp().withoutIpAllowlist()
                .certificate(TestKeys.clientPublicPem(), Duration.ofSeconds(60)).build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(mixed).build();
        RequestSigner old = TestPolicies.signer(TestPolicies.FULL_KEY, new MutableClock(clock.instant().minusSeconds(100)))
                .privateKeyPem(TestKeys.clientPrivatePem()).hmacSecret(TestPolicies.HMAC_SECRET).build();
        Decision.Denied d = assertDenied(engine.authenticate(Call.post(URL).body(BODY).signedBy(old).view()),
                ErrorCode.EXPIRED_TIMESTAMP);
        assertThat(d.detail()).isEqualTo("timestamp older than 60s");
    }

    // ------------------------------------------------------------ one-time signatures

    @Test
    void aReplayInsideTheWindowIsRefusedUpToItsLastMillisecond() {
        Call call = hmacAt(0);
        assertThat(judge(call).granted()).isTrue();
        assertDenied(judge(call), ErrorCode.REPLAYED_REQUEST);
        clock.advance(Duration.ofSeconds(300));
        assertDenied(judge(call), ErrorCode.REPLAYED_REQUEST);
    }

    @Test
    void aReplayAfterTheWindowEndsIsExpired() {
        Call call = hmacAt(0);
        assertThat(judge(call).granted()).isTrue();
        clock.advance(Duration.ofMillis(300_001));
        assertDenied(judge(call), ErrorCode.EXPIRED_TIMESTAMP);
    }

    @Test
    void reEncodingTheSignatureDoesNotMakeAReplayNew() {
        Call call = hmacAt(0);
        assertThat(judge(call).granted()).isTrue();
        call.set("X-HMAC-Signature", call.headerValue("X-HMAC-Signature").toUpperCase());
        assertDenied(judge(call), ErrorCode.REPLAYED_REQUEST);
    }

    @Test
    void aReplayedCertificateRequestIsRefused() {
        Call call = Call.post(URL).body(BODY).signedBy(TestPolicies.certSigner(clock));
        assertThat(judge(call).granted()).isTrue();
        assertDenied(judge(call), ErrorCode.REPLAYED_REQUEST);
    }

    @Test
    void twoDifferentRequestsInTheSameMillisecondAreBothAccepted() {
        RequestSigner signer = TestPolicies.hmacSigner(clock);
        assertThat(judge(Call.post(URL).body(BODY).signedBy(signer)).granted()).isTrue();
        assertThat(judge(Call.post(URL).body("{\"qty\":3}").signedBy(signer)).granted()).isTrue();
        assertThat(judge(Call.of("PUT", URL).body(BODY).signedBy(signer)).granted()).isTrue();
    }

    @Test
    void theSameRequestForTwoKeysIsNotAReplay() {
        KeyPolicy second = KeyPolicy.builder().id("second").apiKey(TestPolicies.UNKNOWN_KEY).hmac(TestPolicies.HMAC_SECRET).build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.hmac(), second).build();
        RequestSigner a = TestPolicies.hmacSigner(clock);
        RequestSigner b = TestPolicies.signer(TestPolicies.UNKNOWN_KEY, clock).hmacSecret(TestPolicies.HMAC_SECRET).build();
        assertThat(engine.authenticate(Call.post(URL).body(BODY).signedBy(a).view()).granted()).isTrue();
        assertThat(engine.authenticate(Call.post(URL).body(BODY).signedBy(b).view()).granted()).isTrue();
    }

    // ------------------------------------------------------------ single-use TOTP

    private static final String TOTP_ONCE_KEY = TestPolicies.TOTP_KEY;

    private Qiuth singleUseEngine() {
        KeyPolicy once = TestPolicies.totp().toBuilder()
                .totp(TotpConfig.builder(TestPolicies.TOTP_SECRET).singleUse(true).build()).build();
        return Qiuth.builder().clock(clock).keys(once).build();
    }

    private Call totpCall(String code) {
        return Call.get(URL).header("X-API-Key", TOTP_ONCE_KEY).header("X-TOTP-Token", code);
    }

    private String codeAt(Instant instant) {
        return TotpConfig.of(TestPolicies.TOTP_SECRET).codeAt(instant);
    }

    @Test
    void aSingleUseCodeIsAcceptedOnce() {
        Qiuth engine = singleUseEngine();
        String code = codeAt(clock.instant());
        assertThat(engine.authenticate(totpCall(code).view()).granted()).isTrue();
        Decision.Denied d = assertDenied(engine.authenticate(totpCall(code).view()), ErrorCode.INVALID_TOTP_TOKEN);
        assertThat(d.detail()).isEqualTo("TOTP code already used");
    }

    @Test
    void aUsedCodeStaysRefusedWhileItIsInTheWindowAndTheNextCodeWorks() {
        Qiuth engine = singleUseEngine();
        String code = codeAt(clock.instant());
        assertThat(engine.authenticate(totpCall(code).view()).granted()).isTrue();
        clock.advance(Duration.ofSeconds(30)); // the used code is now the previous step's, still in the window
        assertDenied(engine.authenticate(totpCall(code).view()), ErrorCode.INVALID_TOTP_TOKEN);
        assertThat(engine.authenticate(totpCall(codeAt(clock.instant())).view()).granted()).isTrue();
    }

    @Test
    void codesAreReusableWithinTheirStepWhenNotSingleUse() {
        String code = codeAt(clock.instant());
        assertThat(qiuth.authenticate(totpCall(code).view()).granted()).isTrue();
        assertThat(qiuth.authenticate(totpCall(code).view()).granted()).isTrue();
    }

    @Test
    void singleUseIsPerKey() {
        KeyPolicy once = TestPolicies.totp().toBuilder()
                .totp(TotpConfig.builder(TestPolicies.TOTP_SECRET).singleUse(true).build()).build();
        KeyPolicy sameSecret = once.toBuilder().id("twin").apiKey(TestPolicies.UNKNOWN_KEY).build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(once, sameSecret).build();
        String code = codeAt(clock.instant());
        assertThat(engine.authenticate(totpCall(code).view()).granted()).isTrue();
        assertThat(engine.authenticate(Call.get(URL).header("X-API-Key", TestPolicies.UNKNOWN_KEY)
                .header("X-TOTP-Token", code).view()).granted()).isTrue();
    }
}
