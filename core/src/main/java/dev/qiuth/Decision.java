package dev.qiuth;

/**
 * The engine's answer for one request: {@link Granted} with a principal, or {@link Denied} with
 * a ready response.
 *
 * <pre>{@code
 * Decision d = qiuth.authenticate(view);
 * if (d instanceof Decision.Granted g) {
 *     chain.proceed(g.principal());
 * } else if (d instanceof Decision.Denied denied) {
 *     write(denied.response());
 * }
 * }</pre>
 */
public sealed interface Decision permits Decision.Granted, Decision.Denied {

    /** The correlation id shared by the audit log line and, for a denial, the problem body. */
    String correlationId();

    boolean granted();

    /**
     * Every required factor passed.
     *
     * @param body the body bytes the engine judged: pass these on to the handler (the request's
     *             own stream has been read); do not change them
     */
    record Granted(QiuthPrincipal principal, byte[] body, String correlationId) implements Decision {
        @Override
        public boolean granted() {
            return true;
        }
    }

    /**
     * A factor failed, or the request could not be judged.
     *
     * @param code     the code sent to the client (UNAUTHORIZED under minimal disclosure)
     * @param reason   the real code, for logs and metrics
     * @param check    which check refused, or which part could not answer (for a 503): tells a
     *                 key's rate limit from a lockout, the key store from Redis; never shown to
     *                 the client
     * @param detail   a sentence for the operator's log; never contains a secret
     * @param response the response to send, as it is
     */
    record Denied(ErrorCode code, ErrorCode reason, Check check, String detail, DenialResponse response,
            String correlationId) implements Decision {

        /**
         * A denial that does not name its check (as before checks were named): the check is the
         * first, in engine order, that yields {@code reason}, a guess where several do (such as
         * {@code RATE_LIMITED} or {@code UNAVAILABLE}). The engine always names it.
         */
        public Denied(ErrorCode code, ErrorCode reason, String detail, DenialResponse response, String correlationId) {
            this(code, reason, Check.firstYielding(reason), detail, response, correlationId);
        }

        @Override
        public boolean granted() {
            return false;
        }

        public int status() {
            return response.status();
        }
    }
}
