package dev.qiuth;

/**
 * The HTTP framing rules a request must meet before anything in it is believed (RFC 9110,
 * RFC 9112): one {@code Host}, a {@code Content-Length} that is a number and agrees with itself,
 * never together with {@code Transfer-Encoding}, a method that is a token. A server that
 * disagrees with a proxy about where a request ends can be made to answer a smuggled one, and a
 * second {@code Host} lets a request signed for one host be served as another, so such requests
 * are refused with 400 and the connection closed.
 */
final class RequestFraming {
    private RequestFraming() {
    }

    /** Why the request's framing is refused, for the operator's log; {@code null} when it is sound. */
    static String violation(RequestView r) {
        Headers h = r.headers();
        if (!isToken(r.method())) {
            return "method is not a token";
        }
        if (h.count("host") > 1) {
            return "more than one Host header";
        }
        if (!isAuthority(r.authority())) {
            return "Host is not host[:port]";
        }
        java.util.List<String> lengths = h.all("content-length");
        if (!lengths.isEmpty()) {
            if (h.count("transfer-encoding") > 0) {
                return "Content-Length with Transfer-Encoding";
            }
            String first = null;
            for (String value : lengths) {
                for (String part : value.split(",", -1)) {
                    String n = part.trim();
                    if (!isDigits(n)) {
                        return "Content-Length is not a number";
                    }
                    if (first == null) {
                        first = n;
                    } else if (!first.equals(n)) {
                        return "Content-Length values differ";
                    }
                }
            }
        }
        return null;
    }

    /**
     * Whether the request has no body by its framing alone (RFC 9112 §6.3): HTTP/1.x, and
     * neither {@code Content-Length} nor {@code Transfer-Encoding}. HTTP/2 and later frame a body
     * without either, so for them (and when the protocol is unknown) the body is read.
     */
    static boolean hasNoBody(RequestView r) {
        String protocol = r.protocol();
        return protocol != null && protocol.startsWith("HTTP/1.") && r.declaredLength() < 0
                && r.headers().first("content-length") == null && r.headers().first("transfer-encoding") == null;
    }

    /** RFC 9110 §5.6.2 token: the characters a method may have. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code uri-host [":" port]} (RFC 9110 §7.2), or empty (HTTP/1.0 had no {@code Host}): a
     * bracketed IP literal, or registered-name / IPv4 characters; no spaces, no userinfo, no
     * path.
     */
    static boolean isAuthority(String a) {
        if (a.isEmpty()) {
            return true;
        }
        int i = 0;
        if (a.charAt(0) == '[') {
            int close = a.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int j = 1; j < close; j++) {
                char c = a.charAt(j);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < a.length() && a.charAt(i) != ':') {
                char c = a.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "-._~!$&'()*+,;=%".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
                i++;
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == a.length()) {
            return true;
        }
        return a.charAt(i) == ':' && (i + 1 == a.length() || isDigits(a.substring(i + 1)));
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
