package dev.qiuth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which check refused a request, or, for a 503, which part could not answer: the
 * {@link Decision.Denied#check()} of every denial. Where the {@link ErrorCode} says what the
 * client did wrong, this says where the engine found it, so that a 429 from a key's request rate
 * is told from a failure lockout, and a 503 from the key store is told from Redis. A closed set,
 * safe as a metric tag; each value yields only the codes of its {@link #codes()}.
 *
 * <pre>{@code
 * if (decision instanceof Decision.Denied d && d.check() == Check.ADDRESS_LOCKOUT) {
 *     alerts.bruteForceFrom(d.correlationId());
 * }
 * }</pre>
 *
 * <p>In the order the engine meets them:
 */
public enum Check {
    /** HTTP framing the server cannot trust (two {@code Host} headers, CL with TE...). */
    FRAMING(ErrorCode.MALFORMED_REQUEST),
    /** {@code TRACE} on a protected path. */
    METHOD(ErrorCode.METHOD_NOT_ALLOWED),
    /** The body: over the limit, or unreadable (a broken chunk). */
    BODY(ErrorCode.BODY_TOO_LARGE, ErrorCode.MALFORMED_REQUEST),
    /** Too many failed attempts from the client's address: the failure lockout. */
    ADDRESS_LOCKOUT(ErrorCode.RATE_LIMITED),
    /** The API key: missing, sent twice, too long, unknown, revoked, expired, or retired by its rotation. */
    API_KEY(ErrorCode.MISSING_API_KEY, ErrorCode.INVALID_API_KEY),
    /** Too many failed attempts for the key's id, from anywhere: the key lockout. */
    KEY_LOCKOUT(ErrorCode.RATE_LIMITED),
    /** The key's IP allowlist. */
    IP_ALLOWLIST(ErrorCode.IP_NOT_ALLOWED),
    /** The TOTP code: missing, repeated or wrong (a single-use code used again is {@link #REPLAY}). */
    TOTP(ErrorCode.MISSING_TOTP_TOKEN, ErrorCode.INVALID_TOTP_TOKEN),
    /** The signed timestamp: missing, malformed, too old, or ahead. */
    TIMESTAMP(ErrorCode.EXPIRED_TIMESTAMP, ErrorCode.FUTURE_TIMESTAMP),
    /** The certificate (RSA) signature, or the {@code Host} it would cover. */
    SIGNATURE(ErrorCode.MISSING_SIGNATURE, ErrorCode.INVALID_SIGNATURE),
    /** The HMAC signature, or the {@code Host} it would cover. */
    HMAC(ErrorCode.MISSING_HMAC, ErrorCode.INVALID_HMAC),
    /** The replay guard had seen it: a signed request, or a single-use TOTP code, used again. */
    REPLAY(ErrorCode.REPLAYED_REQUEST, ErrorCode.INVALID_TOTP_TOKEN),
    /** The key's own request rate. */
    KEY_RATE_LIMIT(ErrorCode.RATE_LIMITED),
    /** The key store could not answer (a database down, a pool exhausted). */
    KEY_STORE(ErrorCode.UNAVAILABLE),
    /** The replay guard could not answer (Redis down, or the in-memory guard full). */
    REPLAY_GUARD(ErrorCode.UNAVAILABLE),
    /** The rate limiter could not answer, for a lockout or a key's rate (Redis down). */
    RATE_LIMITER(ErrorCode.UNAVAILABLE),
    /** The executor of an offloaded key lookup refused the work. */
    EXECUTOR(ErrorCode.UNAVAILABLE),
    /** An unexpected failure of the engine itself, outside any store (logged at error by class). */
    INTERNAL(ErrorCode.UNAVAILABLE);

    private final Set<ErrorCode> codes;

    Check(ErrorCode first, ErrorCode... rest) {
        this.codes = java.util.Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** The real codes ({@link Decision.Denied#reason()}) a denial by this check may carry. */
    public Set<ErrorCode> codes() {
        return codes;
    }

    /**
     * The first check in engine order that yields {@code reason}; {@link #INTERNAL} for a code no
     * check yields. For a denial built without its check, so a guess where several checks yield
     * the code (RATE_LIMITED, UNAVAILABLE, MALFORMED_REQUEST, INVALID_TOTP_TOKEN).
     */
    static Check firstYielding(ErrorCode reason) {
        for (Check check : values()) {
            if (check.codes.contains(reason)) {
                return check;
            }
        }
        return INTERNAL;
    }
}
