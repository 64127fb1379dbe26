package dev.qiuth.cli;

import dev.qiuth.signature.RequestSigner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code -H 'Name: value'} options, as curl takes them. */
final class HeaderOption {
    private HeaderOption() {
    }

    /**
     * @throws IllegalArgumentException for a header without a colon or one the signer sets
     */
    static Map<String, String> parse(List<String> headers) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("-H takes 'Name: value', got '" + h + "'");
            }
            String name = h.substring(0, colon).strip();
            if (List.of(RequestSigner.API_KEY, RequestSigner.TOTP_TOKEN, RequestSigner.TIMESTAMP, RequestSigner.SIGNATURE,
                    RequestSigner.HMAC_SIGNATURE).stream().anyMatch(name::equalsIgnoreCase)) {
                throw new IllegalArgumentException(name + " is set by the signer; give credentials instead");
            }
            parsed.put(name, h.substring(colon + 1).strip());
        }
        return parsed;
    }

    static boolean has(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
    }
}
