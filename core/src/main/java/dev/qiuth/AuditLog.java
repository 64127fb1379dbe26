package dev.qiuth;

import dev.qiuth.ip.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per decision on the {@code dev.qiuth.audit} logger. A key is named by its id or the
 * first 8 hex chars of its hash; keys, secrets, codes, signatures and query strings are never
 * logged.
 */
final class AuditLog {
    static final String LOGGER = "dev.qiuth.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    void granted(RequestView r, IpAddress client, KeyPolicy p, String correlationId) {
        if (LOG.isInfoEnabled()) {
            LOG.info("decision=granted key={} factors={} client={} method={} path={} correlationId={}",
                    p.id(), p.factorsText(), client, safe(r.method()), safe(r.rawPath()), correlationId);
        }
    }

    void denied(RequestView r, IpAddress client, KeyPolicy p, ApiKeyHash hash, ErrorCode reason, String detail,
            String correlationId) {
        if (LOG.isInfoEnabled()) {
            String key = p != null ? p.id() : hash != null ? hash.shortId() : "-";
            LOG.info("decision=denied code={} key={} client={} method={} path={} correlationId={} detail=\"{}\"",
                    reason, key, client, safe(r.method()), safe(r.rawPath()), correlationId, detail);
        }
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
    private static String safe(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '"' ? '_' : c);
        }
        return sb.toString();
    }
}
