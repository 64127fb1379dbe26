package dev.qiuth;

/**
 * Told of every decision the engine makes, after it is made: for metrics and alerting. Called on
 * the thread that made the decision, so it must be quick and must not block; an exception it
 * throws is logged and does not change the decision.
 *
 * <pre>{@code
 * Qiuth qiuth = Qiuth.builder().keys(policy)
 *         .listener((decision, nanos) -> decisions.increment())
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface DecisionListener {

    /**
     * @param decision     what the engine answered; {@link Decision.Denied#reason()} is the real
     *                     code even under minimal disclosure, {@link Decision.Denied#check()} the
     *                     check that refused (which lockout, which store)
     * @param elapsedNanos how long the engine took, key lookup included
     */
    void onDecision(Decision decision, long elapsedNanos);

    /** Listens to nothing: the default. */
    static DecisionListener none() {
        return (decision, elapsedNanos) -> { };
    }
}
