package dev.qiuth.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

    private static boolean contains(String range, String address) {
        return CidrRange.parse(range).contains(IpAddress.parse(address));
    }

    @Test
    void slashZeroContainsEveryAddressOfItsFamilyOnly() {
        assertThat(contains("0.0.0.0/0", "0.0.0.0")).isTrue();
        assertThat(contains("0.0.0.0/0", "255.255.255.255")).isTrue();
        assertThat(contains("0.0.0.0/0", "::1")).isFalse();
        assertThat(contains("::/0", "2001:db8::1")).isTrue();
        assertThat(contains("::/0", "1.2.3.4")).isFalse();
    }

    @Test
    void slash32ContainsOneAddress() {
        assertThat(contains("203.0.113.7/32", "203.0.113.7")).isTrue();
        assertThat(contains("203.0.113.7/32", "203.0.113.6")).isFalse();
        assertThat(contains("203.0.113.7/32", "203.0.113.8")).isFalse();
    }

    @Test
    void anAddressWithoutPrefixIsASingleHostRange() {
        assertThat(CidrRange.parse("203.0.113.7")).isEqualTo(CidrRange.parse("203.0.113.7/32"));
        assertThat(CidrRange.parse("2001:db8::1")).isEqualTo(CidrRange.parse("2001:db8::1/128"));
        assertThat(CidrRange.parse("203.0.113.7").prefixLength()).isEqualTo(32);
    }

    @Test
    void slash128ContainsOneAddress() {
        assertThat(contains("2001:db8::1/128", "2001:db8::1")).isTrue();
        assertThat(contains("2001:db8::1/128", "2001:db8::2")).isFalse();
        assertThat(contains("2001:db8::1/128", "2001:db8::")).isFalse();
    }

    @Test
    void slash31ContainsExactlyTwoAddresses() {
        assertThat(contains("10.0.0.0/31", "10.0.0.0")).isTrue();
        assertThat(contains("10.0.0.0/31", "10.0.0.1")).isTrue();
        assertThat(contains("10.0.0.0/31", "10.0.0.2")).isFalse();
        assertThat(contains("10.0.0.0/31", "9.255.255.255")).isFalse();
    }

    @Test
    void prefixesThatAreNotByteAlignedCompareTheRightBits() {
        assertThat(contains("10.0.0.0/9", "10.127.255.255")).isTrue();
        assertThat(contains("10.0.0.0/9", "10.128.0.0")).isFalse();
        assertThat(contains("2001:db8::/33", "2001:db8:7fff::1")).isTrue();
        assertThat(contains("2001:db8::/33", "2001:db8:8000::")).isFalse();
        assertThat(contains("2001:db8::/32", "2001:db9::")).isFalse();
    }

    @Test
    void mappedRangeIsItsIpv4Range() {
        assertThat(contains("::ffff:10.0.0.0/104", "10.1.2.3")).isTrue();
        assertThat(contains("::ffff:10.0.0.0/104", "::ffff:10.1.2.3")).isTrue();
        assertThat(contains("::ffff:10.0.0.0/104", "11.0.0.0")).isFalse();
        assertThat(CidrRange.parse("::ffff:10.0.0.0/104")).isEqualTo(CidrRange.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThat(CidrRange.parse("::ffff:0:0/96")).isEqualTo(CidrRange.parse("0.0.0.0/0"));
    }

    @Test
    void ipv4RangeContainsMappedAddresses() {
        assertThat(contains("10.0.0.0/8", "::ffff:10.1.2.3")).isTrue();
    }

    @Test
    void refusesAMappedRangeThatReachesOutsideTheMappedSpace() {
        assertThatThrownBy(() -> CidrRange.parse("::ffff:1.2.3.4/96"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'::ffff:1.2.3.4/96'");
        assertThatThrownBy(() -> CidrRange.parse("::ffff:0.0.0.0/95"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'::ffff:0.0.0.0/95'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "11.0.0.0/7", "203.0.113.7/31", "2001:db8::1/64", "2001:db9::/31"})
    void refusesHostBitsBelowThePrefix(String text) {
        assertThatThrownBy(() -> CidrRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host bits set in '" + text + "': name the network address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/00", "10.0.0.0/+8", "10.0.0.0/ 8",
        "10.0.0.0/8 /8", "10.0.0.0/8/8", "10.0.0.0/x", "10.0.0.0/1000", "10.0.0.0/8.0", "::/0128"})
    void refusesMalformedPrefixes(String text) {
        assertThatThrownBy(() -> CidrRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad prefix length in '" + text + "'");
    }

    @Test
    void refusesPrefixesLongerThanTheFamily() {
        assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("prefix /33 is longer than 32 bits in '10.0.0.0/33'");
        assertThatThrownBy(() -> CidrRange.parse("::/129"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/129 is longer than 128 bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.0/8", "10.0.0/8", "/8", "garbage", "10.0.0.0.0/8", "example.com/24", "10.0.0.0 /8",
        "[::1]/128", "fe80::%eth0/64", "*", "10.0.0.*"})
    void refusesGarbageAndNamesIt(String text) {
        assertThatThrownBy(() -> CidrRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an IP address or CIDR range: '" + text + "'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void refusesEmpty(String text) {
        assertThatThrownBy(() -> CidrRange.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage("empty IP range");
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertThat(CidrRange.parse(" 10.0.0.0/8 ")).isEqualTo(CidrRange.parse("10.0.0.0/8"));
    }

    @Test
    void printsAsNetworkSlashPrefix() {
        assertThat(CidrRange.parse("2001:0db8::/32")).hasToString("2001:db8::/32");
        assertThat(CidrRange.parse("192.0.2.0/24")).hasToString("192.0.2.0/24");
        assertThat(CidrRange.parse("192.0.2.0/24")).hasSameHashCodeAs(CidrRange.parse("192.0.2.0/24"));
    }
}
