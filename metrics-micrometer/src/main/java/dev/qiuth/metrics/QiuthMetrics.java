package dev.qiuth.metrics;

import dev.qiuth.Check;
import dev.qiuth.Decision;
import dev.qiuth.DecisionListener;
import dev.qiuth.ErrorCode;
import dev.qiuth.Factor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts and times every decision of a {@link dev.qiuth.Qiuth} engine in a Micrometer
 * {@link MeterRegistry}. Two meters, and a third for rotations:
 *
 * <ul>
 *   <li>{@value #DECISIONS} counter, tags {@code outcome} ({@code granted}|{@code denied}),
 *       {@code code} (the real {@link ErrorCode} of a denial, {@code GRANTED} for a grant),
 *       {@code check} (the {@link Check} that refused a denial, {@code none} for a grant) and
 *       {@code factors} (the factors a grant proved in protocol order joined with {@code +}, such
 *       as {@code API_KEY+TOTP+HMAC}; {@code none} for a denial). Replay hits, rate-limit and
 *       lockout hits, and store and Redis errors are its {@code check} values, not separate
 *       meters: {@code check="REPLAY"}; {@code code="RATE_LIMITED"} split by {@code check}
 *       ({@code KEY_RATE_LIMIT}, {@code ADDRESS_LOCKOUT}, {@code KEY_LOCKOUT});
 *       {@code code="UNAVAILABLE"} split by {@code check} ({@code KEY_STORE},
 *       {@code REPLAY_GUARD}, {@code RATE_LIMITER}, {@code EXECUTOR}, {@code INTERNAL}). Every
 *       question is one query over one series family, and nothing is counted twice.</li>
 *   <li>{@value #DURATION} timer, tag {@code outcome}: the engine's time per decision, key lookup
 *       included, with client-side percentiles (0.5, 0.95, 0.99 by default) and, on request, a
 *       percentile histogram for server-side aggregation.</li>
 *   <li>{@value #PREVIOUS_CREDENTIALS} counter, tag {@code factor}: grants that proved a factor
 *       with a credential its key is rotating away from, so an operator sees old credentials
 *       still in use before the transition ends.</li>
 * </ul>
 *
 * <p>Every tag value comes from a closed set (at most 2<sup>5</sup> factor sets plus one series
 * per check and the code it may yield, 25 today): never a key, a key id, a path or a client
 * address, so the series count is bounded and a scrape reveals no secret. The per-decision work is
 * an array lookup and two meter updates; meters are registered once, denials' when bound, grants'
 * on their factor set's first use.
 *
 * <pre>{@code
 * MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Qiuth qiuth = Qiuth.builder().keys(policy).listener(QiuthMetrics.bindTo(registry)).build();
 * }</pre>
 *
 * <p>Thread-safe: one instance may serve several engines (their decisions then add up).
 */
public final class QiuthMetrics implements DecisionListener {
    /** The decision counter's name; Prometheus renders it {@code qiuth_decisions_total}. */
    public static final String DECISIONS = "qiuth.decisions";
    /** The decision timer's name; Prometheus renders it {@code qiuth_decision_duration_seconds}. */
    public static final String DURATION = "qiuth.decision.duration";
    /**
     * Grants that proved a factor with a credential its key is rotating away from, tag
     * {@code factor}; Prometheus renders it {@code qiuth_rotation_previous_credentials_total}.
     */
    public static final String PREVIOUS_CREDENTIALS = "qiuth.rotation.previous.credentials";

    /** The {@code code} of a grant. */
    public static final String GRANTED_CODE = "GRANTED";
    /** The {@code factors} of a denial: a denied request proved nothing worth a series. */
    public static final String NO_FACTORS = "none";
    /** The {@code check} of a grant: no check refused it. */
    public static final String NO_CHECK = "none";

    private static final Factor[] FACTORS = Factor.values();
    private static final ErrorCode[] CODES = ErrorCode.values();
    private static final Check[] CHECKS = Check.values();

    private final MeterRegistry registry;
    private final Tags commonTags;
    /** Indexed by {@code check.ordinal() * CODES.length + reason.ordinal()}; null for a pair no check yields. */
    private final Counter[] deniedByCheckAndReason;
    /** Indexed by the bit set of proved factors (bit = {@link Factor#ordinal()}). */
    private final AtomicReferenceArray<Counter> grantedByFactors = new AtomicReferenceArray<>(1 << FACTORS.length);
    private final Timer grantedTimer;
    private final Timer deniedTimer;
    private final Counter[] previousByFactor;

    private QiuthMetrics(Builder b, MeterRegistry registry) {
        this.registry = registry;
        this.commonTags = b.tags;
        this.deniedByCheckAndReason = new Counter[CHECKS.length * CODES.length];
        for (Check check : CHECKS) {
            for (ErrorCode code : check.codes()) {
                // registered now, at zero, so that rate() and increase() see a denial's first occurrence
                deniedByCheckAndReason[check.ordinal() * CODES.length + code.ordinal()] =
                        decisions("denied", code.name(), check.name(), NO_FACTORS);
            }
        }
        this.previousByFactor = new Counter[FACTORS.length];
        for (Factor factor : FACTORS) {
            previousByFactor[factor.ordinal()] = Counter.builder(PREVIOUS_CREDENTIALS)
                    .description("Grants that used a credential their key is rotating away from, by factor")
                    .tags(commonTags).tag("factor", factor.name()).register(registry);
        }
        this.grantedTimer = timer(b, "granted");
        this.deniedTimer = timer(b, "denied");
    }

    /**
     * Binds the meters with the defaults (percentiles 0.5, 0.95, 0.99; no histogram) to this
     * registry and returns the listener to give the engine.
     */
    public static QiuthMetrics bindTo(MeterRegistry registry) {
        return builder().bindTo(registry);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onDecision(Decision decision, long elapsedNanos) {
        if (decision instanceof Decision.Granted granted) {
            grantedCounter(granted.principal().factors()).increment();
            grantedTimer.record(elapsedNanos, TimeUnit.NANOSECONDS);
            Set<Factor> previous = granted.principal().previousCredentials();
            if (!previous.isEmpty()) { // who still sends what a rotation retires
                for (Factor factor : previous) {
                    previousByFactor[factor.ordinal()].increment();
                }
            }
        } else if (decision instanceof Decision.Denied denied) {
            deniedCounter(denied.check(), denied.reason()).increment();
            deniedTimer.record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
    }

    private Counter deniedCounter(Check check, ErrorCode reason) {
        Counter counter = deniedByCheckAndReason[check.ordinal() * CODES.length + reason.ordinal()];
        // a pair no check yields (only a Denied built by hand): still counted, found in the registry
        // each time rather than cached, so the array stays written once, before any decision
        return counter != null ? counter : decisions("denied", reason.name(), check.name(), NO_FACTORS);
    }

    private Counter grantedCounter(Set<Factor> factors) {
        int mask = 0;
        for (Factor factor : FACTORS) {
            if (factors.contains(factor)) {
                mask |= 1 << factor.ordinal();
            }
        }
        Counter counter = grantedByFactors.get(mask);
        if (counter == null) {
            // two threads may both register: Micrometer hands both the same meter
            counter = decisions("granted", GRANTED_CODE, NO_CHECK, factorsTag(mask));
            grantedByFactors.set(mask, counter);
        }
        return counter;
    }

    /** The factor set in protocol order, joined with {@code +}: {@code API_KEY+TOTP+HMAC}. */
    static String factorsTag(int mask) {
        StringJoiner joined = new StringJoiner("+");
        for (Factor factor : FACTORS) {
            if ((mask & (1 << factor.ordinal())) != 0) {
                joined.add(factor.name());
            }
        }
        return mask == 0 ? NO_FACTORS : joined.toString();
    }

    private Counter decisions(String outcome, String code, String check, String factors) {
        return Counter.builder(DECISIONS)
                .description("Decisions of the Qiuth engine, by outcome, real reason, refusing check and proved factors")
                .tags(commonTags)
                .tag("outcome", outcome)
                .tag("code", code)
                .tag("check", check)
                .tag("factors", factors)
                .register(registry);
    }

    private Timer timer(Builder b, String outcome) {
        return Timer.builder(DURATION)
                .description("Time the Qiuth engine took per decision, key lookup included")
                .tags(commonTags)
                .tag("outcome", outcome)
                .publishPercentiles(b.percentiles)
                .publishPercentileHistogram(b.percentileHistogram)
                .register(registry);
    }

    /**
     * Options before binding.
     *
     * <pre>{@code
     * QiuthMetrics metrics = QiuthMetrics.builder()
     *         .percentileHistogram(true)      // for histogram_quantile() across instances
     *         .tag("engine", "public-api")    // when one registry watches several engines
     *         .bindTo(registry);
     * }</pre>
     */
    public static final class Builder {
        private double[] percentiles = {0.5, 0.95, 0.99};
        private boolean percentileHistogram;
        private Tags tags = Tags.empty();

        private Builder() {
        }

        /**
         * The client-side percentiles the timer publishes, each in [0, 1]; none to publish none
         * (they cost about 80 ns per decision, most of the listener's cost, and cannot be aggregated
         * across instances; see docs/PERFORMANCE.md).
         */
        public Builder percentiles(double... percentiles) {
            for (double p : percentiles) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("a percentile must be in [0, 1], got " + p);
                }
            }
            this.percentiles = percentiles.clone();
            return this;
        }

        /**
         * Whether the timer also publishes histogram buckets (Prometheus {@code _bucket} series,
         * for {@code histogram_quantile} across instances). Off by default: about 70 more series.
         */
        public Builder percentileHistogram(boolean enabled) {
            this.percentileHistogram = enabled;
            return this;
        }

        /**
         * A fixed tag on every meter, such as the engine's name when one registry watches several.
         * Its value must be the operator's, never taken from a request.
         */
        public Builder tag(String key, String value) {
            Objects.requireNonNull(key, "tag key");
            Objects.requireNonNull(value, "tag value");
            for (String reserved : new String[] {"outcome", "code", "check", "factors"}) {
                if (reserved.equals(key)) {
                    throw new IllegalArgumentException("tag key '" + key + "' is the meters' own; choose another");
                }
            }
            this.tags = tags.and(Tag.of(key, value));
            return this;
        }

        /** Registers the meters in this registry and returns the listener to give the engine. */
        public QiuthMetrics bindTo(MeterRegistry registry) {
            Objects.requireNonNull(registry, "registry");
            return new QiuthMetrics(this, registry);
        }
    }
}
