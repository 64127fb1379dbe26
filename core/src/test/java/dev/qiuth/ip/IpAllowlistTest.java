package dev.qiuth.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpAllowlistTest {
    private final IpAllowlist allowlist = IpAllowlist.of("10.0.0.0/8", "2001:db8::/32", "198.51.100.7");

    @Test
    void allowsAddressesInAnyEntry() {
        assertThat(allowlist.allows(IpAddress.parse("10.200.3.4"))).isTrue();
        assertThat(allowlist.allows(IpAddress.parse("2001:db8:ffff::1"))).isTrue();
        assertThat(allowlist.allows(IpAddress.parse("198.51.100.7"))).isTrue();
    }

    @Test
    void refusesAddressesOutsideEveryEntry() {
        assertThat(allowlist.allows(IpAddress.parse("11.0.0.1"))).isFalse();
        assertThat(allowlist.allows(IpAddress.parse("198.51.100.8"))).isFalse();
        assertThat(allowlist.allows(IpAddress.parse("2001:db9::1"))).isFalse();
    }

    @Test
    void refusesAnUnknownClient() {
        assertThat(allowlist.allows(null)).isFalse();
    }

    @Test
    void matchesMappedClientsAgainstIpv4Entries() {
        assertThat(allowlist.allows(IpAddress.parse("::ffff:10.9.9.9"))).isTrue();
        assertThat(allowlist.allows(IpAddress.parse("::ffff:11.9.9.9"))).isFalse();
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> IpAllowlist.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("IP allowlist must name at least one address or range");
        assertThatThrownBy(() -> IpAllowlist.of((List<String>) null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesABadEntryNamingIt() {
        assertThatThrownBy(() -> IpAllowlist.of("10.0.0.0/8", "10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.1/8'");
        assertThatThrownBy(() -> IpAllowlist.of("10.0.0.0/8", "010.0.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'010.0.0.0/8'");
    }

    @Test
    void keepsItsRangesAndComparesByThem() {
        assertThat(allowlist.ranges()).hasSize(3);
        assertThat(allowlist).isEqualTo(IpAllowlist.of("10.0.0.0/8", "2001:0db8::/32", "198.51.100.7/32"))
                .hasSameHashCodeAs(IpAllowlist.of("10.0.0.0/8", "2001:0db8::/32", "198.51.100.7/32"));
        assertThat(allowlist).hasToString("IpAllowlist[10.0.0.0/8, 2001:db8::/32, 198.51.100.7/32]");
    }
}
