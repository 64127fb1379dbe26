package dev.qiuth.ip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The addresses and networks a key may be used from.
 *
 * <pre>{@code
 * IpAllowlist allowlist = IpAllowlist.of("10.0.0.0/8", "2001:db8::/32", "198.51.100.7");
 * allowlist.allows(IpAddress.parse("10.1.2.3"));   // true
 * }</pre>
 */
public final class IpAllowlist {
    private final List<CidrRange> ranges;

    private IpAllowlist(List<CidrRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses each entry with {@link CidrRange#parse}.
     *
     * @throws IllegalArgumentException for an empty list or a bad entry (the message names it)
     */
    public static IpAllowlist of(Collection<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("IP allowlist must name at least one address or range");
        }
        List<CidrRange> ranges = new ArrayList<>(entries.size());
        for (String entry : entries) {
            ranges.add(CidrRange.parse(entry));
        }
        return new IpAllowlist(ranges);
    }

    public static IpAllowlist of(String... entries) {
        return of(List.of(entries));
    }

    /** Whether the address lies in one of the ranges; {@code false} for {@code null}. */
    public boolean allows(IpAddress address) {
        if (address == null) {
            return false;
        }
        for (CidrRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public List<CidrRange> ranges() {
        return ranges;
    }

    @Override
    public String toString() {
        return "IpAllowlist" + ranges;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAllowlist other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }
}
