package dev.qiuth.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.of("10.0.0.0/8", "2001:db8:ff::/48");
    private static final String PROXY = "10.0.0.2";

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    private static IpAddress viaXff(TrustedProxies proxies, String peer, String... xff) {
        return proxies.clientAddress(peer, List.of(xff), List.of());
    }

    private static IpAddress viaForwarded(String peer, String... forwarded) {
        return PROXIES.clientAddress(peer, List.of(), List.of(forwarded));
    }

    @Test
    void noneAlwaysAnswersTheSocketPeer() {
        assertThat(viaXff(TrustedProxies.none(), PROXY, "198.51.100.7")).isEqualTo(ip(PROXY));
        assertThat(TrustedProxies.none().trusts(ip(PROXY))).isFalse();
    }

    @Test
    void anUntrustedPeersForwardingHeadersAreIgnored() {
        assertThat(viaXff(PROXIES, "203.0.113.9", "10.0.0.7")).isEqualTo(ip("203.0.113.9"));
        assertThat(viaForwarded("203.0.113.9", "for=10.0.0.7")).isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void aTrustedPeerWithoutForwardingHeadersIsTheClient() {
        assertThat(viaXff(PROXIES, PROXY)).isEqualTo(ip(PROXY));
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightmostUntrustedAddress() {
        assertThat(viaXff(PROXIES, PROXY, "198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, PROXY, "198.51.100.7, 10.0.0.9")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, PROXY, "198.51.100.7,10.0.0.9 ,  10.1.1.1")).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void theClientWrittenLeftmostEntryIsNotBelieved() {
        // the client sent "X-Forwarded-For: 10.0.0.1" hoping to pass as a proxy or an allowed address
        assertThat(viaXff(PROXIES, PROXY, "10.0.0.1, 6.6.6.6, 198.51.100.7, 10.0.0.9")).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void aChainOfTrustedProxiesOnlyEndsAtItsLeftmostEntry() {
        assertThat(viaXff(PROXIES, PROXY, "10.0.0.5, 10.0.0.9")).isEqualTo(ip("10.0.0.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7, unknown", "unknown", "198.51.100.7, garbage, 10.0.0.9", "198.51.100.7, , 10.0.0.9",
        "", " ", "198.51.100.7,", "_hidden", "010.0.0.1", "1.2.3", "198.51.100.7:99999x", "[2001:db8::1", "[2001:db8::1]x"})
    void anEntryThatIsNotAnAddressMakesTheClientUnknown(String xff) {
        assertThat(viaXff(PROXIES, PROXY, xff)).isNull();
    }

    @Test
    void garbageLeftOfTheClientIsNeverReached() {
        assertThat(viaXff(PROXIES, PROXY, "garbage, 198.51.100.7, 10.0.0.9")).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void severalHeaderValuesAreOneChainInArrivalOrder() {
        assertThat(viaXff(PROXIES, PROXY, "198.51.100.7", "203.0.113.5")).isEqualTo(ip("203.0.113.5"));
        assertThat(viaXff(PROXIES, PROXY, "203.0.113.5", "198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, PROXY, "6.6.6.6, 198.51.100.7", "10.0.0.9, 10.0.0.8")).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void entriesMayCarryPortsAndBrackets() {
        assertThat(viaXff(PROXIES, PROXY, "198.51.100.7:5000")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, PROXY, "[2001:db8::1]:443")).isEqualTo(ip("2001:db8::1"));
        assertThat(viaXff(PROXIES, PROXY, "[2001:db8::1]")).isEqualTo(ip("2001:db8::1"));
        assertThat(viaXff(PROXIES, PROXY, "2001:db8::1")).isEqualTo(ip("2001:db8::1"));
    }

    @Test
    void forwardedHeaderIsReadWhenThereIsNoXForwardedFor() {
        assertThat(viaForwarded(PROXY, "for=198.51.100.7;proto=https;by=10.0.0.2")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaForwarded(PROXY, "For=\"198.51.100.7\"")).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void forwardedAcceptsQuotedIpv6WithPortAndIpv4WithPort() {
        assertThat(viaForwarded(PROXY, "for=\"[2001:db8:cafe::17]:4711\"")).isEqualTo(ip("2001:db8:cafe::17"));
        assertThat(viaForwarded(PROXY, "for=\"[2001:db8:cafe::17]\"")).isEqualTo(ip("2001:db8:cafe::17"));
        assertThat(viaForwarded(PROXY, "for=\"192.0.2.43:47011\"")).isEqualTo(ip("192.0.2.43"));
    }

    @Test
    void forwardedElementsAreWalkedFromTheRightLikeXForwardedFor() {
        assertThat(viaForwarded(PROXY, "for=6.6.6.6, for=198.51.100.7;proto=https, for=10.0.0.9")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaForwarded(PROXY, "for=6.6.6.6", "for=198.51.100.7", "for=\"[2001:db8:ff::5]:80\""))
                .isEqualTo(ip("198.51.100.7"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=unknown", "for=\"_hidden\"", "proto=https;by=10.0.0.2", "for=", "for=\"\"",
        "for=198.51.100.7, by=10.0.0.9"})
    void aForwardedElementWithoutAnAddressMakesTheClientUnknown(String forwarded) {
        assertThat(viaForwarded(PROXY, forwarded)).isNull();
    }

    @Test
    void bothForwardingHeadersMakeTheClientUnknown() {
        // a proxy writes one of them; the other came from the client, and which is which cannot be told
        assertThat(PROXIES.clientAddress(PROXY, List.of("198.51.100.7"), List.of("for=203.0.113.5"))).isNull();
        assertThat(TrustedProxies.oneHop().clientAddress(PROXY, List.of("198.51.100.7"), List.of("for=198.51.100.7")))
                .isNull();
        // from a peer that is not trusted neither header counts, so neither can confuse
        assertThat(PROXIES.clientAddress("203.0.113.9", List.of("198.51.100.7"), List.of("for=198.51.100.7")))
                .isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void onlyProxiesListedByAddressAreListed() {
        assertThat(PROXIES.isListedProxy(ip(PROXY))).isTrue();
        assertThat(PROXIES.isListedProxy(ip("203.0.113.9"))).isFalse();
        assertThat(PROXIES.isListedProxy(null)).isFalse();
        assertThat(TrustedProxies.oneHop().isListedProxy(ip(PROXY))).isFalse();
        assertThat(TrustedProxies.none().isListedProxy(ip(PROXY))).isFalse();
    }

    @Test
    void oneHopTrustsAnyPeerAndTakesTheRightmostEntry() {
        TrustedProxies oneHop = TrustedProxies.oneHop();
        assertThat(oneHop.trusts(ip("203.0.113.9"))).isTrue();
        assertThat(oneHop.trusts(null)).isFalse();
        assertThat(viaXff(oneHop, "203.0.113.9", "6.6.6.6, 198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        // even a private address: one hop means exactly one, whatever it is
        assertThat(viaXff(oneHop, "203.0.113.9", "198.51.100.7, 10.0.0.9")).isEqualTo(ip("10.0.0.9"));
        assertThat(viaXff(oneHop, "203.0.113.9")).isEqualTo(ip("203.0.113.9"));
        assertThat(viaXff(oneHop, "203.0.113.9", "198.51.100.7, unknown")).isNull();
        assertThat(oneHop.clientAddress("203.0.113.9", List.of(), List.of("for=198.51.100.7"))).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void mappedPeersAreTrustedByTheirIpv4Range() {
        assertThat(PROXIES.trusts(ip("::ffff:10.0.0.2"))).isTrue();
        assertThat(viaXff(PROXIES, "::ffff:10.0.0.2", "198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, PROXY, "::ffff:198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, PROXY, "198.51.100.7, ::ffff:10.0.0.9")).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void ipv6ProxiesAreTrustedByTheirRange() {
        assertThat(viaXff(PROXIES, "2001:db8:ff::1", "198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, "[2001:db8:ff::1]", "198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        assertThat(viaXff(PROXIES, "2001:db8:fe::1", "198.51.100.7")).isEqualTo(ip("2001:db8:fe::1"));
    }

    @Test
    void aPeerThatIsNotAnAddressIsAnUnknownClient() {
        assertThat(viaXff(PROXIES, "garbage", "198.51.100.7")).isNull();
        assertThat(viaXff(PROXIES, null, "198.51.100.7")).isNull();
        assertThat(viaXff(TrustedProxies.oneHop(), "", "198.51.100.7")).isNull();
    }

    @Test
    void refusesAnEmptyOrBadList() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> TrustedProxies.of("10.0.0.0/8", "10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.1/8'");
    }

    @Test
    void describesItself() {
        assertThat(TrustedProxies.oneHop()).hasToString("TrustedProxies[one hop]");
        assertThat(PROXIES).hasToString("TrustedProxies[10.0.0.0/8, 2001:db8:ff::/48]");
    }
}
