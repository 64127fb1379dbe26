package dev.qiuth;

import dev.qiuth.ip.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per decision on the {@code dev.qiuth.audit} logger. A key is named by its id or the
 * first 8 hex chars of its hash; keys, secrets, codes, signatures and query strings are never
 * logged. A denial names its real code and the {@link Check} that refused it:
 *
 * <pre>
 * decision=denied code=RATE_LIMITED check=KEY_LOCKOUT key=orders client=198.51.100.7 method=GET path=/v1/orders correlationId=… detail="too many failed attempts for this key"
 * </pre>
 */
final class AuditLog {
    static final String LOGGER = "dev.qiuth.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    void granted(RequestView r, IpAddress client, KeyPolicy p, QiuthPrincipal principal, String correlationId) {
        if (LOG.isInfoEnabled()) {
            // one string built here, instead of a pattern for the logger to parse on every request
            StringBuilder line = new StringBuilder(160).append("decision=granted key=").append(p.id())
                    .append(" factors=").append(p.factorsText());
            if (!principal.previousCredentials().isEmpty()) {
                line.append(" previous=").append(principal.previousCredentials()); // who still sends what a rotation retires
            }
            request(line, r, client).append(" correlationId=").append(correlationId);
            LOG.info(line.toString());
        }
    }

    void denied(RequestView r, IpAddress client, KeyPolicy p, ApiKeyHash hash, ErrorCode reason, Check check,
            String detail, String correlationId) {
        if (LOG.isInfoEnabled()) {
            String key = p != null ? p.id() : hash != null ? hash.shortId() : "-";
            StringBuilder line = new StringBuilder(200).append("decision=denied code=").append(reason.name())
                    .append(" check=").append(check.name()).append(" key=").append(key);
            request(line, r, client).append(" correlationId=").append(correlationId)
                    .append(" detail=\"").append(detail).append('"');
            LOG.info(line.toString());
        }
    }

    private static StringBuilder request(StringBuilder line, RequestView r, IpAddress client) {
        line.append(" client=").append(client == null ? "null" : client.toString()).append(" method=");
        safe(line, r.method());
        line.append(" path=");
        return safe(line, r.rawPath());
    }

    void failureNotCounted(String correlationId) {
        LOG.warn("rate-limit store unavailable: a refused request was not counted, correlationId={}", correlationId);
    }

    void unexpected(Throwable error, String correlationId) {
        // the class only: a message from a third-party library could quote its input
        LOG.error("unexpected {} while authenticating, refused with 503, correlationId={}",
                error.getClass().getName(), correlationId);
    }

    void listenerFailed(Throwable error, String correlationId) {
        LOG.warn("decision listener threw {}, decision unchanged, correlationId={}", error.getClass().getName(), correlationId);
    }

    /** Control characters out, length capped: request text must not forge log lines. */
    private static StringBuilder safe(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append('-');
        }
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '"' ? '_' : c);
        }
        return sb;
    }
}
