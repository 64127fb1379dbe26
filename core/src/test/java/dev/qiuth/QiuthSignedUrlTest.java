package dev.qiuth;

import static dev.qiuth.fixture.Problems.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.fixture.Call;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which URL the server checks a signature against: as received, behind proxies, and which hosts it accepts. */
class QiuthSignedUrlTest {
    private static final String PUBLIC_URL = "https://api.example.com/v1/orders?id=7";
    private static final String PROXY = "10.0.0.2";

    private final MutableClock clock = MutableClock.standard();
    private final RequestSigner signer = TestPolicies.hmacSigner(clock);

    private Qiuth.Builder engine() {
        return Qiuth.builder().clock(clock).keys(TestPolicies.all());
    }

    /** A request the client signed for {@code signedUrl}, as it reaches the server at {@code receivedUrl}. */
    private Call signedFor(String signedUrl, String receivedUrl) {
        Call call = Call.post(receivedUrl).body("{}");
        signer.sign("POST", signedUrl, "{}").forEach(call::header);
        return call;
    }

    @Test
    void theUrlIsRebuiltFromSchemeHostHeaderAndRawTarget() {
        String url = "http://localhost:8080/a%2Fb/c%20d?x=%7E&y=a+b";
        assertThat(engine().build().authenticate(signedFor(url, url).view()).granted()).isTrue();
    }

    @Test
    void aDecodedPathIsNotTheSignedOne() {
        Call call = signedFor("http://localhost:8080/c%20d", "http://localhost:8080/c%20d");
        RequestView decoded = RequestView.builder().method("POST").scheme("http").hostHeader("localhost:8080")
                .rawPath("/c d").headers(call.view().headers()).remoteAddress("203.0.113.7").body("{}".getBytes()).build();
        assertDenied(engine().build().authenticate(decoded), ErrorCode.INVALID_HMAC);
    }

    @Test
    void anEmptyQueryIsNotNoQuery() {
        Qiuth qiuth = engine().build();
        assertThat(qiuth.authenticate(signedFor("http://h.example/p?", "http://h.example/p?").view()).granted()).isTrue();
        assertDenied(qiuth.authenticate(signedFor("http://h.example/p?", "http://h.example/p").view()), ErrorCode.INVALID_HMAC);
    }

    @Test
    void anIpv6HostIsSignedWithItsBrackets() {
        String url = "http://[::1]:8080/v1/orders";
        assertThat(engine().build().authenticate(signedFor(url, url).view()).granted()).isTrue();
    }

    @Test
    void theHostPortIsPartOfTheUrl() {
        assertDenied(engine().build().authenticate(signedFor("http://localhost/p", "http://localhost:80/p").view()),
                ErrorCode.INVALID_HMAC);
    }

    // ------------------------------------------------------------ behind a proxy

    @Test
    void withoutConfigurationAProxiedRequestFailsItsSignature() {
        assertDenied(engine().build().authenticate(signedFor(PUBLIC_URL, "http://backend:8080/v1/orders?id=7").view()),
                ErrorCode.INVALID_HMAC);
    }

    @Test
    void aPublicBaseUrlReplacesSchemeAndAuthority() {
        Qiuth qiuth = engine().publicBaseUrl("https://api.example.com").build();
        assertThat(qiuth.authenticate(signedFor(PUBLIC_URL, "http://backend:8080/v1/orders?id=7").view()).granted()).isTrue();
    }

    @Test
    void aPublicBaseUrlMayEndInASlash() {
        Qiuth qiuth = engine().publicBaseUrl("https://api.example.com/").build();
        assertThat(qiuth.authenticate(signedFor(PUBLIC_URL, "http://backend:8080/v1/orders?id=7").view()).granted()).isTrue();
    }

    @Test
    void aPublicBaseUrlMustBeSchemeAndAuthorityOnly() {
        assertThatThrownBy(() -> engine().publicBaseUrl("https://api.example.com/api"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'https://api.example.com/api'");
        assertThatThrownBy(() -> engine().publicBaseUrl("api.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme://host[:port]");
    }

    @Test
    void forwardedProtoAndHostAreBelievedFromATrustedProxy() {
        Qiuth qiuth = engine().trustedProxies(TrustedProxies.of("10.0.0.0/8")).build();
        Call call = signedFor(PUBLIC_URL, "http://backend:8080/v1/orders?id=7").from(PROXY)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com");
        assertThat(qiuth.authenticate(call.view()).granted()).isTrue();
    }

    @Test
    void forwardedProtoAndHostAreIgnoredFromAnyoneElse() {
        Qiuth qiuth = engine().trustedProxies(TrustedProxies.of("10.0.0.0/8")).build();
        // a client that signed for the public URL but reached the backend directly gains nothing by claiming it
        Call call = signedFor(PUBLIC_URL, "http://backend:8080/v1/orders?id=7").from("203.0.113.7")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com");
        assertDenied(qiuth.authenticate(call.view()), ErrorCode.INVALID_HMAC);
    }

    @Test
    void oneHopBelievesTheForwardedProtoButNotTheForwardedHost() {
        // one hop trusts any peer, so a client talking to the server directly could claim any host
        Qiuth qiuth = engine().trustedProxies(TrustedProxies.oneHop()).build();
        Call host = signedFor(PUBLIC_URL, "http://backend:8080/v1/orders?id=7").from("203.0.113.7")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com");
        assertDenied(qiuth.authenticate(host.view()), ErrorCode.INVALID_HMAC);
        // a TLS-terminating proxy that keeps the Host header: the Node library's trustProxy deployment
        Call proto = signedFor(PUBLIC_URL, "http://api.example.com/v1/orders?id=7").from("203.0.113.7")
                .header("X-Forwarded-Proto", "https");
        assertThat(qiuth.authenticate(proto.view()).granted()).isTrue();
    }

    @Test
    void theLastForwardedValueIsTheNearestProxys() {
        Qiuth qiuth = engine().trustedProxies(TrustedProxies.of("10.0.0.0/8")).build();
        Call call = signedFor(PUBLIC_URL, "http://backend:8080/v1/orders?id=7").from(PROXY)
                .header("X-Forwarded-Proto", "http, https").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Host", "other.example, api.example.com");
        assertThat(qiuth.authenticate(call.view()).granted()).isTrue();
    }

    @Test
    void aForwardedProtoOtherThanHttpOrHttpsIsIgnored() {
        Qiuth qiuth = engine().trustedProxies(TrustedProxies.of("10.0.0.0/8")).build();
        String signedAsHttp = "http://api.example.com/v1/orders?id=7";
        Call call = signedFor(signedAsHttp, "http://backend:8080/v1/orders?id=7").from(PROXY)
                .header("X-Forwarded-Proto", "javascript").header("X-Forwarded-Host", "api.example.com");
        assertThat(qiuth.authenticate(call.view()).granted()).isTrue();
    }

    // ------------------------------------------------------------ allowed hosts

    @Test
    void aRequestSignedForAHostThatIsNotAllowedIsRefused() {
        Qiuth qiuth = engine().allowedHosts(List.of("api.example.com")).build();
        String evil = "http://evil.example/v1/orders";
        Decision.Denied d = assertDenied(qiuth.authenticate(signedFor(evil, evil).view()), ErrorCode.INVALID_HMAC);
        assertThat(d.detail()).isEqualTo("Host not accepted");
    }

    @Test
    void allowedHostsMatchIgnoringCase() {
        Qiuth qiuth = engine().allowedHosts(List.of("API.example.com")).build();
        String url = "http://api.EXAMPLE.com/v1/orders";
        assertThat(qiuth.authenticate(signedFor(url, url).view()).granted()).isTrue();
    }

    @Test
    void anAllowedHostWithAPortMatchesOnlyThatPort() {
        Qiuth qiuth = engine().allowedHosts(List.of("api.example.com:8443")).build();
        String withPort = "https://api.example.com:8443/v1";
        String withoutPort = "https://api.example.com/v1";
        assertThat(qiuth.authenticate(signedFor(withPort, withPort).view()).granted()).isTrue();
        assertDenied(qiuth.authenticate(signedFor(withoutPort, withoutPort).view()), ErrorCode.INVALID_HMAC);
    }

    @Test
    void allowedHostsApplyToCertificateSignaturesToo() {
        Qiuth qiuth = engine().allowedHosts(List.of("api.example.com")).build();
        String evil = "http://evil.example/v1/orders";
        Call call = Call.post(evil).body("{}").signedBy(TestPolicies.certSigner(clock));
        assertDenied(qiuth.authenticate(call.view()), ErrorCode.INVALID_SIGNATURE);
    }

    @Test
    void allowedHostsApplyToTheForwardedHost() {
        Qiuth qiuth = engine().trustedProxies(TrustedProxies.of("10.0.0.0/8")).allowedHosts(List.of("api.example.com")).build();
        String evil = "https://evil.example/v1/orders?id=7";
        Call call = signedFor(evil, "http://api.example.com/v1/orders?id=7").from(PROXY)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example");
        assertDenied(qiuth.authenticate(call.view()), ErrorCode.INVALID_HMAC);
    }

    @Test
    void allowedHostsDoNotConcernUnsignedKeys() {
        Qiuth qiuth = engine().allowedHosts(List.of("api.example.com")).build();
        Map<String, String> headers = TestPolicies.plainSigner(TestPolicies.PLAIN_KEY, clock).sign("GET", "http://evil.example/", "");
        Call call = Call.get("http://evil.example/");
        headers.forEach(call::header);
        assertThat(qiuth.authenticate(call.view()).granted()).isTrue();
    }
}
