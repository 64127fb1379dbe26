package dev.qiuth.ip;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address parsed strictly from its textual form.
 *
 * <p>Only the canonical text forms are accepted: four decimal octets without leading zeros
 * ({@code 010.0.0.1} and {@code 1.2.3} are refused, unlike {@code inet_aton}), or the RFC 4291
 * IPv6 forms, with at most one {@code ::} and an optional dotted IPv4 tail. No host name is ever
 * resolved. An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is stored as its IPv4 form, so
 * that it matches IPv4 allowlist entries.
 *
 * <pre>{@code
 * IpAddress a = IpAddress.parse("::ffff:192.0.2.1");
 * a.isIpv4();          // true
 * a.toString();        // "192.0.2.1"
 * }</pre>
 */
public final class IpAddress {
    private final byte[] bytes; // 4 or 16 bytes, never mapped IPv6
    private String text; // the canonical form, made once: the audit line writes it for every request

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses an address strictly.
     *
     * @throws IllegalArgumentException naming the text when it is not an IP address
     */
    public static IpAddress parse(String text) {
        IpAddress address = tryParse(text);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        return address;
    }

    /** Parses an address strictly; {@code null} when the text is not an IP address. */
    public static IpAddress tryParse(String text) {
        byte[] raw = parseBytes(text);
        if (raw == null) {
            return null;
        }
        IpAddress address = new IpAddress(unmap(raw));
        if (raw.length == 4) {
            address.text = text; // only the canonical dotted form parses: no need to format it again
        }
        return address;
    }

    /**
     * Parses a socket peer address as servers report it: brackets around IPv6 and a zone id
     * ({@code %eth0}) are removed first. {@code null} when it is not an address.
     */
    public static IpAddress tryParsePeer(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone > 0 && s.indexOf(':') >= 0) {
            s = s.substring(0, zone);
        }
        return tryParse(s);
    }

    static IpAddress ofBytes(byte[] raw) {
        return new IpAddress(unmap(raw.clone()));
    }

    static byte[] parseBytes(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** True for a 4-byte address (including one written as IPv4-mapped IPv6). */
    public boolean isIpv4() {
        return bytes.length == 4;
    }

    /** A copy of the address bytes: 4 for IPv4, 16 for IPv6. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    byte[] bytes() {
        return bytes;
    }

    static byte[] unmap(byte[] raw) {
        if (raw.length == 16 && isMapped(raw)) {
            return Arrays.copyOfRange(raw, 12, 16);
        }
        return raw;
    }

    static boolean isMapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        int n = s.length();
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            int len = i - start;
            if (len == 0 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= n || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == n ? out : null;
    }

    private static byte[] parseIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        if (headGroups == null) {
            return null;
        }
        int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
        if (tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon >= 0 ? total > 7 : total != 8) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (all[g] >>> 8);
            out[2 * g + 1] = (byte) all[g];
        }
        return out;
    }

    /** Splits a colon-separated run of hex groups; a dotted IPv4 tail counts as two groups. */
    private static int[] groups(String s, boolean mayEndInIpv4) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int extra = mayEndInIpv4 && parts[parts.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] out = new int[parts.length + extra];
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (p == parts.length - 1 && extra == 1) {
                byte[] v4 = parseIpv4(part);
                if (v4 == null) {
                    return null;
                }
                out[p] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[p + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                int d = Character.digit(part.charAt(c), 16);
                if (d < 0 || part.charAt(c) > 'f') {
                    return null;
                }
                value = (value << 4) | d;
            }
            out[p] = value;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Dotted quad for IPv4; for IPv6 lowercase hex groups with the longest zero run as {@code ::}. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            text = t = format();
        }
        return t;
    }

    private String format() {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
