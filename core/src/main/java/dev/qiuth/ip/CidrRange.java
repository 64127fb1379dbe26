package dev.qiuth.ip;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation, or a single address.
 *
 * <p>Parsing is strict: the address part follows {@link IpAddress}'s rules, the prefix is a
 * decimal within the family's width, and host bits below the prefix must be zero
 * ({@code 10.0.0.1/8} is refused: it names an address, not a network). An IPv4-mapped IPv6
 * network ({@code ::ffff:10.0.0.0/104}) is stored as its IPv4 form; a mapped network with a
 * prefix under 96 is refused because it reaches outside the mapped space.
 *
 * <pre>{@code
 * CidrRange office = CidrRange.parse("203.0.113.0/24");
 * office.contains(IpAddress.parse("203.0.113.7"));   // true
 * }</pre>
 */
final class CidrRange {
    private final byte[] network;
    private final int prefix;

    private CidrRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static CidrRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty IP range");
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        byte[] raw = IpAddress.parseBytes(addressPart);
        if (raw == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
        }
        int width = raw.length * 8;
        int prefix = width;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            prefix = Integer.parseInt(p);
            if (prefix > width) {
                throw new IllegalArgumentException("prefix /" + prefix + " is longer than " + width + " bits in '" + text + "'");
            }
        }
        if (!hostBitsZero(raw, prefix)) {
            throw new IllegalArgumentException("host bits set in '" + text + "': name the network address");
        }
        if (raw.length == 16 && IpAddress.isMapped(raw)) {
            if (prefix < 96) {
                throw new IllegalArgumentException("IPv4-mapped range '" + text + "' needs a prefix of at least /96");
            }
            return new CidrRange(Arrays.copyOfRange(raw, 12, 16), prefix - 96);
        }
        return new CidrRange(raw, prefix);
    }

    private static boolean hostBitsZero(byte[] raw, int prefix) {
        for (int bit = prefix; bit < raw.length * 8; bit++) {
            if ((raw[bit >>> 3] & (0x80 >>> (bit & 7))) != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the address is of this range's family and inside it. */
    public boolean contains(IpAddress address) {
        byte[] a = address.bytes();
        if (a.length != network.length) {
            return false;
        }
        int fullBytes = prefix >>> 3;
        for (int i = 0; i < fullBytes; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    public int prefixLength() {
        return prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrRange other && prefix == other.prefix && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return IpAddress.ofBytes(network) + "/" + prefix;
    }
}
