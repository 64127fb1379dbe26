package dev.qiuth;

import static dev.qiuth.TestPolicies.ALLOWED_PEER;
import static dev.qiuth.TestPolicies.OUTSIDE_PEER;
import static dev.qiuth.TestPolicies.URL;
import static dev.qiuth.fixture.Problems.assertDenied;
import static dev.qiuth.fixture.Problems.assertRepeatsNothingOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.Call;
import dev.qiuth.fixture.TestKeys;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.store.InMemoryKeyStore;
import dev.qiuth.testing.MutableClock;
import dev.qiuth.totp.TotpConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** PROTOCOL.md's outcome table, row by row, and the order in which factors are checked. */
class QiuthOutcomeTest {
    private final MutableClock clock = MutableClock.standard();
    private final Qiuth qiuth = Qiuth.builder().clock(clock).keys(TestPolicies.all()).build();

    private Decision judge(Call call) {
        return qiuth.authenticate(call.view());
    }

    private static Call order() {
        return Call.post(URL).body("{\"qty\":2}");
    }

    /** A six-digit code that is none of the three the window accepts now. */
    private String wrongTotp() {
        TotpConfig totp = TotpConfig.of(TestPolicies.TOTP_SECRET);
        Set<String> valid = new HashSet<>();
        for (int step = -1; step <= 1; step++) {
            valid.add(totp.codeAt(clock.instant().plusSeconds(30L * step)));
        }
        for (int d = 0; d <= 9; d++) {
            String candidate = Integer.toString(d).repeat(6);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("unreachable: three codes cannot use ten candidates");
    }

    /** A valid-looking RSA signature by another key. */
    private String foreignSignature() {
        return RequestSigner.builder().apiKey(TestPolicies.CERT_KEY).privateKey(TestKeys.other().getPrivate())
                .clock(clock).build().sign("POST", URL, "{\"qty\":2}").get("X-Signature");
    }

    private static Grant granted(Decision d) {
        assertThat(d).isInstanceOf(Decision.Granted.class);
        return new Grant((Decision.Granted) d);
    }

    private record Grant(Decision.Granted decision) {
        Grant hasFactors(Factor... factors) {
            assertThat(decision.principal().factors()).containsExactly(factors);
            return this;
        }
    }

    // ------------------------------------------------------------ granted

    @Test
    void eachKeyIsGrantedWithItsFactors() {
        granted(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock))))
                .hasFactors(Factor.API_KEY);
        granted(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock))))
                .hasFactors(Factor.API_KEY, Factor.IP_ALLOWLIST);
        granted(judge(order().signedBy(TestPolicies.totpSigner(clock)))).hasFactors(Factor.API_KEY, Factor.TOTP);
        granted(judge(order().signedBy(TestPolicies.certSigner(clock)))).hasFactors(Factor.API_KEY, Factor.CERTIFICATE);
        granted(judge(order().signedBy(TestPolicies.hmacSigner(clock)))).hasFactors(Factor.API_KEY, Factor.HMAC);
        granted(judge(order().signedBy(TestPolicies.fullSigner(clock))))
                .hasFactors(Factor.API_KEY, Factor.IP_ALLOWLIST, Factor.TOTP, Factor.CERTIFICATE, Factor.HMAC);
    }

    @Test
    void grantedPrincipalCarriesTheKeysIdentity() {
        KeyPolicy policy = TestPolicies.plain().toBuilder().name("Billing").owner("team-a").scopes("orders:read")
                .metadata("tier", "gold").build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(policy).build();
        Decision d = engine.authenticate(order().signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock)).view());
        QiuthPrincipal p = granted(d).decision().principal();
        assertThat(p.getName()).isEqualTo("plain");
        assertThat(p.name()).isEqualTo("Billing");
        assertThat(p.owner()).isEqualTo("team-a");
        assertThat(p.scopes()).containsExactly("orders:read");
        assertThat(p.metadata()).containsEntry("tier", "gold");
        assertThat(d.correlationId()).matches("[0-9a-f]{16}");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Call call = order();
        TestPolicies.hmacSigner(clock).sign("POST", URL, "{\"qty\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .forEach((name, value) -> call.header(name.toLowerCase(), value));
        granted(judge(call)).hasFactors(Factor.API_KEY, Factor.HMAC);
    }

    @Test
    void asyncJudgesAlike() throws Exception {
        Decision granted = qiuth.authenticateAsync(order().signedBy(TestPolicies.hmacSigner(clock)).view())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        granted(granted).hasFactors(Factor.API_KEY, Factor.HMAC);
        Decision denied = qiuth.authenticateAsync(order().view()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertDenied(denied, ErrorCode.MISSING_API_KEY);
    }

    // ------------------------------------------------------------ one row each

    @Test
    void noApiKeyIsMissingApiKey() {
        Decision.Denied d = assertDenied(judge(order()), ErrorCode.MISSING_API_KEY);
        assertThat(d.response().headers()).containsEntry("WWW-Authenticate", "ApiKey realm=\"api\"");
        assertRepeatsNothingOf(d, ALLOWED_PEER, "/v1/orders", "id=7", "api.example.com");
    }

    @Test
    void anEmptyApiKeyIsMissingApiKey() {
        assertDenied(judge(order().header("X-API-Key", "")), ErrorCode.MISSING_API_KEY);
    }

    @Test
    void anUnknownKeyIsInvalidApiKey() {
        Decision.Denied d = assertDenied(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.UNKNOWN_KEY, clock))),
                ErrorCode.INVALID_API_KEY);
        assertRepeatsNothingOf(d, TestPolicies.UNKNOWN_KEY, ApiKeyHash.of(TestPolicies.UNKNOWN_KEY).hex(), ALLOWED_PEER);
    }

    @Test
    void anOverlongKeyIsInvalidApiKeyWithoutBeingHashed() {
        assertDenied(judge(order().header("X-API-Key", "k".repeat(Qiuth.MAX_API_KEY_LENGTH + 1))), ErrorCode.INVALID_API_KEY);
    }

    @Test
    void aRevokedKeyIsInvalidApiKey() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.plain().toBuilder().revoked(true).build()).build();
        Decision.Denied d = assertDenied(engine.authenticate(order()
                .signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock)).view()), ErrorCode.INVALID_API_KEY);
        assertThat(d.detail()).isEqualTo("key revoked");
    }

    @Test
    void aKeyIsInvalidFromItsExpiryInstantOn() {
        Instant expiry = clock.instant().plusMillis(1);
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.plain().toBuilder().expiresAt(expiry).build()).build();
        RequestSigner signer = TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock);
        assertThat(engine.authenticate(order().signedBy(signer).view()).granted()).isTrue();
        clock.advance(Duration.ofMillis(1));
        Decision.Denied d = assertDenied(engine.authenticate(order().signedBy(signer).view()), ErrorCode.INVALID_API_KEY);
        assertThat(d.detail()).isEqualTo("key expired");
    }

    @Test
    void aClientOutsideTheAllowlistIsIpNotAllowedWith403AndNoChallenge() {
        Decision.Denied d = assertDenied(judge(order().from(OUTSIDE_PEER)
                .signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock))), ErrorCode.IP_NOT_ALLOWED);
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.response().headers()).doesNotContainKey("WWW-Authenticate");
        assertRepeatsNothingOf(d, OUTSIDE_PEER, TestPolicies.IP_KEY);
    }

    @Test
    void anUnparseablePeerIsNotAllowed() {
        assertDenied(judge(order().from("unknown").signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock))),
                ErrorCode.IP_NOT_ALLOWED);
    }

    @Test
    void aKeysOwnTrustedProxiesDecideItsClientAddress() {
        KeyPolicy behindProxy = TestPolicies.ip().toBuilder().ipAllowlist("198.51.100.0/24")
                .trustedProxies(dev.qiuth.ip.TrustedProxies.of("10.0.0.0/8")).build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(behindProxy, TestPolicies.plain()).build();
        Call viaProxy = order().from("10.0.0.2").header("X-Forwarded-For", "198.51.100.7")
                .signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock));
        assertThat(engine.authenticate(viaProxy.view()).granted()).isTrue();
        // the engine itself trusts no proxy: the same header is worthless to the allowlist of a key without its own
        Qiuth plainEngine = Qiuth.builder().clock(clock).keys(TestPolicies.ip().toBuilder().ipAllowlist("198.51.100.0/24").build())
                .build();
        assertDenied(plainEngine.authenticate(viaProxy.view()), ErrorCode.IP_NOT_ALLOWED);
    }

    @Test
    void noTotpCodeIsMissingTotpToken() {
        assertDenied(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.TOTP_KEY, clock))),
                ErrorCode.MISSING_TOTP_TOKEN);
    }

    @Test
    void aWrongTotpCodeIsInvalidTotpToken() {
        String wrong = wrongTotp();
        Decision.Denied d = assertDenied(judge(order().signedBy(TestPolicies.totpSigner(clock)).set("X-TOTP-Token", wrong)),
                ErrorCode.INVALID_TOTP_TOKEN);
        assertRepeatsNothingOf(d, wrong);
    }

    @Test
    void aTotpCodeOfTheWrongShapeIsInvalidTotpToken() {
        for (String code : new String[] {"", "12345", "1234567", "12345a", " 123456"}) {
            assertDenied(judge(order().signedBy(TestPolicies.totpSigner(clock)).set("X-TOTP-Token", code)),
                    ErrorCode.INVALID_TOTP_TOKEN);
        }
    }

    @Test
    void totpIsCheckedAgainstTheServersClockNotTheTimestamp() {
        // a code from ten minutes ago, "signed" with a timestamp of its time, must not pass
        MutableClock past = new MutableClock(clock.instant().minus(Duration.ofMinutes(10)));
        Call old = order().signedBy(TestPolicies.fullSigner(past));
        assertDenied(judge(old), ErrorCode.INVALID_TOTP_TOKEN);
    }

    @Test
    void noSignatureIsMissingSignature() {
        assertDenied(judge(order().signedBy(TestPolicies.certSigner(clock)).remove("X-Signature")),
                ErrorCode.MISSING_SIGNATURE);
    }

    @Test
    void anotherKeysSignatureIsInvalidSignature() {
        String foreign = TestSecrets.register(foreignSignature());
        Decision.Denied d = assertDenied(judge(order().signedBy(TestPolicies.certSigner(clock)).set("X-Signature", foreign)),
                ErrorCode.INVALID_SIGNATURE);
        assertRepeatsNothingOf(d, foreign);
    }

    @Test
    void aGarbageSignatureIsInvalidSignature() {
        assertDenied(judge(order().signedBy(TestPolicies.certSigner(clock)).set("X-Signature", "not-base64!")),
                ErrorCode.INVALID_SIGNATURE);
    }

    @Test
    void aTamperedBodyIsInvalidSignature() {
        assertDenied(judge(order().signedBy(TestPolicies.certSigner(clock)).tamperBody("{\"qty\":200}")),
                ErrorCode.INVALID_SIGNATURE);
    }

    @Test
    void noHmacIsMissingHmac() {
        assertDenied(judge(order().signedBy(TestPolicies.hmacSigner(clock)).remove("X-HMAC-Signature")), ErrorCode.MISSING_HMAC);
    }

    @Test
    void aWrongHmacIsInvalidHmac() {
        String sig = order().signedBy(TestPolicies.hmacSigner(clock)).headerValue("X-HMAC-Signature");
        String wrong = (sig.charAt(0) == 'a' ? 'b' : 'a') + sig.substring(1);
        Decision.Denied d = assertDenied(judge(order().signedBy(TestPolicies.hmacSigner(clock)).set("X-HMAC-Signature", wrong)),
                ErrorCode.INVALID_HMAC);
        assertRepeatsNothingOf(d, wrong, sig);
    }

    @Test
    void aTamperedUrlIsInvalidHmac() {
        // signed for id=7, sent to id=8
        Call call = Call.post(URL.replace("id=7", "id=8")).body("{\"qty\":2}");
        TestPolicies.hmacSigner(clock).sign("POST", URL, "{\"qty\":2}").forEach(call::header);
        assertDenied(judge(call), ErrorCode.INVALID_HMAC);
    }

    @Test
    void noTimestampIsExpiredTimestamp() {
        Decision.Denied d = assertDenied(judge(order().signedBy(TestPolicies.hmacSigner(clock)).remove("X-Timestamp")),
                ErrorCode.EXPIRED_TIMESTAMP);
        assertThat(d.detail()).isEqualTo("timestamp missing or malformed");
    }

    @Test
    void aMalformedTimestampIsExpiredTimestamp() {
        assertDenied(judge(order().signedBy(TestPolicies.hmacSigner(clock)).set("X-Timestamp", "soon")),
                ErrorCode.EXPIRED_TIMESTAMP);
    }

    @Test
    void anOldTimestampIsExpiredTimestamp() {
        MutableClock past = new MutableClock(clock.instant().minus(Duration.ofMinutes(6)));
        assertDenied(judge(order().signedBy(TestPolicies.hmacSigner(past))), ErrorCode.EXPIRED_TIMESTAMP);
    }

    @Test
    void aFutureTimestampIsFutureTimestamp() {
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofMinutes(2)));
        assertDenied(judge(order().signedBy(TestPolicies.hmacSigner(ahead))), ErrorCode.FUTURE_TIMESTAMP);
    }

    @Test
    void theSameSignedRequestAgainIsReplayedRequest() {
        Call call = order().signedBy(TestPolicies.hmacSigner(clock));
        assertThat(judge(call).granted()).isTrue();
        assertDenied(judge(call), ErrorCode.REPLAYED_REQUEST);
    }

    @Test
    void aBodyOverTheLimitIsBodyTooLargeWith413AndTheConnectionClosed() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).maxBodyBytes(10).build();
        assertThat(engine.maxBodyBytes()).isEqualTo(10);
        Decision.Denied d = assertDenied(engine.authenticate(order().from(OUTSIDE_PEER).body("{\"sku\":\"12345\"}").view()),
                ErrorCode.BODY_TOO_LARGE);
        assertThat(d.status()).isEqualTo(413);
        assertThat(d.response().headers()).containsEntry("Connection", "close");
        assertRepeatsNothingOf(d, OUTSIDE_PEER, "/v1/orders");
    }

    @Test
    void aStreamedBodyIsReadWithinTheLimitAndHandedOnWhenGranted() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).maxBodyBytes(16).build();
        byte[] body = "{\"sku\":\"1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Call call = order().body(body).signedBy(TestPolicies.hmacSigner(clock));
        Decision granted = engine.authenticate(call.streamedView(new java.io.ByteArrayInputStream(body), body.length));
        assertThat(granted.granted()).isTrue();
        assertThat(((Decision.Granted) granted).body()).isEqualTo(body);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedUnread() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).maxBodyBytes(10).build();
        java.io.InputStream unreadable = new java.io.InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read a body whose declared length is over the limit");
            }
        };
        assertDenied(engine.authenticate(order().streamedView(unreadable, 11)), ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void aStreamedBodyOverTheLimitWithoutLengthIs413() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).maxBodyBytes(10).build();
        assertDenied(engine.authenticate(order().streamedView(new java.io.ByteArrayInputStream(new byte[11]), -1)),
                ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void anUnreadableBodyIsMalformedRequestWith400AndNoChallenge() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).build();
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("broken chunk");
            }
        };
        Decision.Denied d = assertDenied(engine.authenticate(order().from(OUTSIDE_PEER).streamedView(broken, -1)),
                ErrorCode.MALFORMED_REQUEST);
        assertThat(d.status()).isEqualTo(400);
        assertThat(d.response().headers()).doesNotContainKey("WWW-Authenticate").containsEntry("Connection", "close");
        assertThat(new String(d.response().body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"code\":\"MALFORMED_REQUEST\"");
        assertRepeatsNothingOf(d, OUTSIDE_PEER, "/v1/orders");
    }

    @Test
    void traceOnAProtectedPathIs405WithAllowAndNoEcho() {
        Call call = Call.of("TRACE", "http://api.example.com/v1/orders").signedBy(TestPolicies.hmacSigner(clock));
        Decision.Denied d = assertDenied(judge(call), ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(d.status()).isEqualTo(405);
        assertThat(d.response().headers().get("Allow")).contains("GET").doesNotContain("TRACE");
        assertThat(d.response().headers()).doesNotContainKey("WWW-Authenticate");
        assertThat(d.response().bodyText()).doesNotContain(TestPolicies.HMAC_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("badFraming")
    void aRequestWhoseFramingCannotBeTrustedIs400WithTheConnectionClosed(String what, Call call) {
        Decision.Denied d = assertDenied(judge(call.signedBy(TestPolicies.hmacSigner(clock))), ErrorCode.MALFORMED_REQUEST);
        assertThat(d.status()).isEqualTo(400);
        assertThat(d.response().headers()).containsEntry("Connection", "close");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badFraming() {
        java.util.function.Supplier<Call> post = () -> Call.post("http://api.example.com/v1/orders").body("{}");
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("two Host headers",
                        post.get().header("Host", "evil.example")),
                org.junit.jupiter.params.provider.Arguments.of("Content-Length with Transfer-Encoding",
                        post.get().header("Content-Length", "2").header("Transfer-Encoding", "chunked")),
                org.junit.jupiter.params.provider.Arguments.of("Content-Length +2",
                        post.get().header("Content-Length", "+2")),
                org.junit.jupiter.params.provider.Arguments.of("two Content-Length values that differ",
                        post.get().header("Content-Length", "2").header("Content-Length", "3")),
                org.junit.jupiter.params.provider.Arguments.of("Content-Length list that differs",
                        post.get().header("Content-Length", "2, 3")),
                org.junit.jupiter.params.provider.Arguments.of("a method that is no token",
                        Call.of("GE T", "http://api.example.com/v1/orders")),
                org.junit.jupiter.params.provider.Arguments.of("a Host with a space",
                        Call.post("http://api.example.com/v1/orders").host("api.example.com x")),
                org.junit.jupiter.params.provider.Arguments.of("a Host with userinfo",
                        Call.post("http://api.example.com/v1/orders").host("user@api.example.com")));
    }

    @Test
    void aHostIsSignedExactlyAsReceived() {
        Call signedFor080 = Call.post("http://api.example.com:080/v1/orders").body("{}");
        Decision d = judge(signedFor080.signedBy(TestPolicies.hmacSigner(clock)));
        assertThat(d.granted()).isTrue();
        Call rewritten = Call.post("http://api.example.com:080/v1/orders").body("{}").signedBy(TestPolicies.hmacSigner(clock))
                .host("api.example.com:80");
        assertDenied(judge(rewritten), ErrorCode.INVALID_HMAC);
    }

    @Test
    void theDefaultBodyLimitIsOneMebibyte() {
        assertThat(qiuth.maxBodyBytes()).isEqualTo(1 << 20);
    }

    // ------------------------------------------------------------ fail fast, in protocol order

    @Test
    void noKeyIsReportedBeforeAnythingElse() {
        assertDenied(judge(order().from(OUTSIDE_PEER).header("X-TOTP-Token", "x").header("X-Signature", "x")),
                ErrorCode.MISSING_API_KEY);
    }

    @Test
    void aRevokedKeyIsReportedBeforeABadAddress() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.full().toBuilder().revoked(true).build()).build();
        assertDenied(engine.authenticate(order().from(OUTSIDE_PEER).signedBy(TestPolicies.fullSigner(clock)).view()),
                ErrorCode.INVALID_API_KEY);
    }

    @Test
    void aBadAddressIsReportedBeforeABadTotpCode() {
        assertDenied(judge(order().from(OUTSIDE_PEER).signedBy(TestPolicies.fullSigner(clock)).set("X-TOTP-Token", wrongTotp())),
                ErrorCode.IP_NOT_ALLOWED);
    }

    @Test
    void aBadTotpCodeIsReportedBeforeBadSignatures() {
        assertDenied(judge(order().signedBy(TestPolicies.fullSigner(clock)).set("X-TOTP-Token", wrongTotp())
                .set("X-Signature", "AAAA").set("X-HMAC-Signature", "00")), ErrorCode.INVALID_TOTP_TOKEN);
    }

    @Test
    void aBadSignatureIsReportedBeforeABadHmac() {
        assertDenied(judge(order().signedBy(TestPolicies.fullSigner(clock)).set("X-Signature", "AAAA")
                .set("X-HMAC-Signature", "00")), ErrorCode.INVALID_SIGNATURE);
    }

    @Test
    void aBadHmacIsReportedBeforeAReplay() {
        Call call = order().signedBy(TestPolicies.fullSigner(clock));
        assertThat(judge(call).granted()).isTrue();
        assertDenied(judge(call.set("X-HMAC-Signature", "0".repeat(64))), ErrorCode.INVALID_HMAC);
    }

    // ------------------------------------------------------------ a bound key without its proof

    @Test
    void aKeyThatRequiresASignatureIsRefusedWithoutOneEvenWithAnHmac() {
        KeyPolicy both = TestPolicies.cert().toBuilder().hmac(TestPolicies.HMAC_SECRET).build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(both).build();
        RequestSigner hmacOnly = TestPolicies.signer(TestPolicies.CERT_KEY, clock).hmacSecret(TestPolicies.HMAC_SECRET).build();
        assertDenied(engine.authenticate(order().signedBy(hmacOnly).view()), ErrorCode.MISSING_SIGNATURE);
    }

    @Test
    void aKeyThatRequiresAnHmacIsRefusedWithOnlyAnRsaSignature() {
        KeyPolicy both = TestPolicies.hmac().toBuilder().certificate(TestKeys.clientPublicPem()).build();
        Qiuth engine = Qiuth.builder().clock(clock).keys(both).build();
        RequestSigner rsaOnly = TestPolicies.signer(TestPolicies.HMAC_KEY, clock).privateKeyPem(TestKeys.clientPrivatePem()).build();
        assertDenied(engine.authenticate(order().signedBy(rsaOnly).view()), ErrorCode.MISSING_HMAC);
    }

    @Test
    void aSignedKeyPresentedWithTheKeyAloneIsRefused() {
        assertDenied(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.CERT_KEY, clock))), ErrorCode.MISSING_SIGNATURE);
        assertDenied(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.HMAC_KEY, clock))), ErrorCode.MISSING_HMAC);
        assertDenied(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.FULL_KEY, clock))), ErrorCode.MISSING_TOTP_TOKEN);
    }

    // ------------------------------------------------------------ repeated headers

    @Test
    void aRepeatedApiKeyIsInvalidEvenWhenBothCopiesAreRight() {
        assertDenied(judge(order().signedBy(TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock))
                .header("X-API-Key", TestPolicies.PLAIN_KEY)), ErrorCode.INVALID_API_KEY);
    }

    @Test
    void aRepeatedTotpCodeIsInvalid() {
        Call call = order().signedBy(TestPolicies.totpSigner(clock));
        assertDenied(judge(call.header("X-TOTP-Token", call.headerValue("X-TOTP-Token"))), ErrorCode.INVALID_TOTP_TOKEN);
    }

    @Test
    void aRepeatedSignatureCountsAsNone() {
        Call call = order().signedBy(TestPolicies.certSigner(clock));
        assertDenied(judge(call.header("X-Signature", call.headerValue("X-Signature"))), ErrorCode.MISSING_SIGNATURE);
    }

    @Test
    void aRepeatedHmacCountsAsNone() {
        Call call = order().signedBy(TestPolicies.hmacSigner(clock));
        assertDenied(judge(call.header("X-HMAC-Signature", call.headerValue("X-HMAC-Signature"))), ErrorCode.MISSING_HMAC);
    }

    @Test
    void aRepeatedTimestampCountsAsMalformed() {
        Call call = order().signedBy(TestPolicies.hmacSigner(clock));
        assertDenied(judge(call.header("X-Timestamp", call.headerValue("X-Timestamp"))), ErrorCode.EXPIRED_TIMESTAMP);
    }

    // ------------------------------------------------------------ key in the query string

    @Test
    void aKeyInTheQueryIsIgnoredByDefault() {
        assertDenied(judge(Call.get("http://api.example.com/v1/orders?api_key=" + TestPolicies.PLAIN_KEY)),
                ErrorCode.MISSING_API_KEY);
    }

    @Test
    void aKeyInTheQueryIsReadWhenEnabled() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).apiKeyInQuery(true).build();
        Decision d = engine.authenticate(Call.get("http://api.example.com/v1/orders?x=1&api_key="
                + TestPolicies.PLAIN_KEY.replace("_", "%5F")).view());
        granted(d).hasFactors(Factor.API_KEY);
    }

    @Test
    void theHeaderWinsOverTheQueryWhenBothAreSent() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).apiKeyInQuery(true).build();
        Call call = Call.get("http://api.example.com/v1/orders?api_key=" + TestPolicies.PLAIN_KEY)
                .header("X-API-Key", TestPolicies.UNKNOWN_KEY);
        assertDenied(engine.authenticate(call.view()), ErrorCode.INVALID_API_KEY);
    }

    @Test
    void aKeyRepeatedInTheQueryIsInvalid() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).apiKeyInQuery(true).build();
        Call call = Call.get("http://api.example.com/v1/orders?api_key=" + TestPolicies.PLAIN_KEY + "&api_key="
                + TestPolicies.PLAIN_KEY);
        assertDenied(engine.authenticate(call.view()), ErrorCode.INVALID_API_KEY);
    }

    // ------------------------------------------------------------ minimal disclosure

    @Test
    void minimalDisclosureShowsEvery401AsUnauthorizedButLogsTheReason() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).minimalDisclosure(true).build();
        assertDenied(engine.authenticate(order().view()), ErrorCode.UNAUTHORIZED, ErrorCode.MISSING_API_KEY);
        assertDenied(engine.authenticate(order().signedBy(TestPolicies.plainSigner(TestPolicies.UNKNOWN_KEY, clock)).view()),
                ErrorCode.UNAUTHORIZED, ErrorCode.INVALID_API_KEY);
        assertDenied(engine.authenticate(order().signedBy(TestPolicies.totpSigner(clock)).set("X-TOTP-Token", wrongTotp()).view()),
                ErrorCode.UNAUTHORIZED, ErrorCode.INVALID_TOTP_TOKEN);
        Decision.Denied hmac = assertDenied(engine.authenticate(order().signedBy(TestPolicies.hmacSigner(clock))
                .remove("X-HMAC-Signature").view()), ErrorCode.UNAUTHORIZED, ErrorCode.MISSING_HMAC);
        assertThat(hmac.response().bodyText()).contains("\"type\":\"urn:qiuth:error:unauthorized\"")
                .doesNotContain("HMAC").doesNotContain("hmac");
    }

    @Test
    void minimalDisclosureKeepsTheOtherStatusesCodes() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).minimalDisclosure(true).build();
        assertDenied(engine.authenticate(order().from(OUTSIDE_PEER)
                .signedBy(TestPolicies.plainSigner(TestPolicies.IP_KEY, clock)).view()), ErrorCode.IP_NOT_ALLOWED);
        assertDenied(Qiuth.builder().clock(clock).keys(TestPolicies.all()).minimalDisclosure(true).maxBodyBytes(1).build()
                .authenticate(order().body("{}").view()), ErrorCode.BODY_TOO_LARGE);
    }

    // ------------------------------------------------------------ responses

    @Test
    void theRealmIsConfigurable() {
        Qiuth engine = Qiuth.builder().clock(clock).keys(TestPolicies.all()).realm("orders").build();
        assertThat(engine.authenticate(order().view())).isInstanceOfSatisfying(Decision.Denied.class,
                d -> assertThat(d.response().headers()).containsEntry("WWW-Authenticate", "ApiKey realm=\"orders\""));
    }

    @Test
    void everyDenialHasItsOwnCorrelationId() {
        Decision a = judge(order());
        Decision b = judge(order());
        assertThat(a.correlationId()).isNotEqualTo(b.correlationId());
    }

    @Test
    void aDenialRepeatsNoneOfTheCredentialsSent() {
        Call call = order().from(OUTSIDE_PEER).signedBy(TestPolicies.fullSigner(clock));
        Decision.Denied d = assertDenied(judge(call), ErrorCode.IP_NOT_ALLOWED);
        assertRepeatsNothingOf(d, TestPolicies.FULL_KEY, call.headerValue("X-TOTP-Token"), call.headerValue("X-Signature"),
                call.headerValue("X-HMAC-Signature"), call.headerValue("X-Timestamp"), OUTSIDE_PEER, "full",
                ApiKeyHash.of(TestPolicies.FULL_KEY).shortId());
    }
}
