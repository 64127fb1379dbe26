package dev.qiuth.cli;

import dev.qiuth.ratelimit.RateLimit;
import dev.qiuth.store.postgres.StoredKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How {@code qiuth keys list} and {@code show} print a {@link StoredKey}: a table, details, or
 * JSON. A stored key holds no secret, so none can be printed; the API key appears as the first 8
 * hex characters of its SHA-256.
 */
final class KeyDescription {
    private KeyDescription() {
    }

    static Map<String, Object> json(StoredKey k, Instant now) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", k.id());
        j.put("name", k.name());
        j.put("owner", k.owner());
        j.put("keyHashPrefix", k.keyHashPrefix());
        j.put("status", status(k, now));
        j.put("factors", factors(k));
        j.put("scopes", new ArrayList<>(new TreeSet<>(k.scopes())));
        j.put("ipAllowlist", k.ipAllowlist());
        j.put("trustedProxies", k.trustedProxies());
        j.put("trustedProxiesOneHop", k.trustedProxiesOneHop());
        j.put("expiresAt", text(k.expiresAt()));
        j.put("revokedAt", text(k.revokedAt()));
        j.put("rateLimit", k.rateLimit() == null ? null : rateLimit(k.rateLimit()));
        j.put("certificatePem", k.certificatePem());
        j.put("metadata", new LinkedHashMap<>(new java.util.TreeMap<>(k.metadata())));
        j.put("createdAt", text(k.createdAt()));
        j.put("updatedAt", text(k.updatedAt()));
        j.put("lastUsedAt", text(k.lastUsedAt()));
        k.rotation().ifPresent(r -> {
            Map<String, Object> rotation = new LinkedHashMap<>();
            rotation.put("factors", new TreeSet<>(r.factors()).stream().map(Enum::name).toList()); // protocol order
            rotation.put("startedAt", text(r.startedAt()));
            rotation.put("until", text(r.until()));
            rotation.put("open", r.openAt(now));
            j.put("rotation", rotation);
        });
        return j;
    }

    static String table(List<StoredKey> keys, Instant now) {
        String[] header = {"ID", "NAME", "OWNER", "HASH", "FACTORS", "PROXIES", "SCOPES", "EXPIRES", "STATUS", "LAST USED"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (StoredKey k : keys) {
            rows.add(new String[] {printable(k.id()), printable(k.name()), k.owner() == null ? "-" : printable(k.owner()),
                k.keyHashPrefix(), String.join("+", factors(k)),
                k.trustedProxies() == null && !k.trustedProxiesOneHop() ? "-" : proxies(k),
                k.scopes().isEmpty() ? "-" : printable(String.join(",", new TreeSet<>(k.scopes()))),
                k.expiresAt() == null ? "never" : k.expiresAt().toString(), status(k, now),
                k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString()});
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i + 1 < row.length ? String.format("%-" + widths[i] + "s  ", row[i]) : row[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String details(StoredKey k, Instant now) {
        StringBuilder sb = new StringBuilder();
        line(sb, "ID", printable(k.id()));
        line(sb, "Name", printable(k.name()));
        line(sb, "Owner", k.owner() == null ? "-" : printable(k.owner()));
        line(sb, "API key hash", k.keyHashPrefix() + "...");
        line(sb, "Status", status(k, now) + (k.revokedAt() == null ? "" : " (at " + k.revokedAt() + ")"));
        line(sb, "Factors", String.join(" + ", factors(k)));
        k.totp().ifPresent(t -> line(sb, "TOTP", t.digits() + " digits, " + t.step().toSeconds() + " s step, window "
                + t.window() + ", " + t.algorithm() + (t.singleUse() ? ", single use" : "")));
        if (k.hmac()) {
            line(sb, "HMAC max age", k.hmacMaxAge().toSeconds() + " s");
        }
        if (k.certificate()) {
            line(sb, "RSA max age", k.certificateMaxAge().toSeconds() + " s");
        }
        line(sb, "IP allowlist", k.ipAllowlist() == null ? "any address" : String.join(", ", k.ipAllowlist()));
        if (k.trustedProxies() != null || k.trustedProxiesOneHop()) {
            line(sb, "Trusted proxies", proxies(k));
        }
        line(sb, "Scopes", k.scopes().isEmpty() ? "-" : printable(String.join(", ", new TreeSet<>(k.scopes()))));
        line(sb, "Rate limit", k.rateLimit() == null ? "-" : rateLimit(k.rateLimit()));
        line(sb, "Expires", k.expiresAt() == null ? "never" : k.expiresAt().toString());
        line(sb, "Created", String.valueOf(k.createdAt()));
        line(sb, "Updated", String.valueOf(k.updatedAt()));
        line(sb, "Last used", k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString());
        k.rotation().ifPresent(r -> line(sb, "Rotation", "previous " + new TreeSet<>(r.factors()) + " accepted until " + r.until()
                + (r.openAt(now) ? "" : " (ended: run complete-rotation)")));
        if (k.certificatePem() != null) {
            sb.append("Public key (RSA):\n").append(k.certificatePem().strip()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** The key's own trusted proxies: {@code one hop (any address)} or its ranges. */
    static String proxies(StoredKey k) {
        return k.trustedProxiesOneHop() ? "one hop (any address)" : String.join(",", k.trustedProxies());
    }

    static List<String> factors(StoredKey k) {
        List<String> f = new ArrayList<>(List.of("api-key"));
        if (k.ipAllowlist() != null) {
            f.add("ip");
        }
        if (k.totp().isPresent()) {
            f.add("totp");
        }
        if (k.certificate()) {
            f.add("rsa");
        }
        if (k.hmac()) {
            f.add("hmac");
        }
        return f;
    }

    static String status(StoredKey k, Instant now) {
        if (k.revoked()) {
            return "revoked";
        }
        return k.expiresAt() != null && !k.expiresAt().isAfter(now) ? "expired" : "active";
    }

    static String rateLimit(RateLimit r) {
        return r.limit() + "/" + duration(r.window());
    }

    /** A duration as the shortest of {@code 90s}, {@code 5m}, {@code 2h}, {@code 30d} that is exact. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** A value shown to a terminal: control characters (escape sequences) replaced. */
    static String printable(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("%-16s %s%n", label + ":", value));
    }
}
