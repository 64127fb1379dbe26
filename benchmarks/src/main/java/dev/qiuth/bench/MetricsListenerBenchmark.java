package dev.qiuth.bench;

import dev.qiuth.Decision;
import dev.qiuth.DecisionListener;
import dev.qiuth.Qiuth;
import dev.qiuth.QiuthHeaders;
import dev.qiuth.RequestView;
import dev.qiuth.metrics.QiuthMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@link QiuthMetrics} adds to a decision: the key-only request of
 * {@link PipelineBenchmark#keyOnly} through engines that differ only in their listener (none, the
 * default meters on a Prometheus registry, the same without client-side percentiles or with a
 * histogram instead of them), all in one
 * run so the difference is the listener's; and the listener alone on a ready decision. Goal: the
 * listener adds under 100 ns.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MetricsListenerBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsListenerBenchmark {

    /** The engine's listener: what an operator would choose. */
    public enum Listener {
        /** {@link DecisionListener#none()}, the engine's default. */
        NONE,
        /** {@link QiuthMetrics#bindTo} on a Prometheus registry: counter + timer with 3 percentiles. */
        PROMETHEUS,
        /** The same, publishing no client-side percentile: counter + plain timer. */
        PROMETHEUS_NO_PERCENTILES,
        /** No client-side percentile, histogram buckets instead (for {@code histogram_quantile}). */
        PROMETHEUS_HISTOGRAM
    }

    static QiuthMetrics.Builder options(Listener kind) {
        return switch (kind) {
            case NONE, PROMETHEUS -> QiuthMetrics.builder();
            case PROMETHEUS_NO_PERCENTILES -> QiuthMetrics.builder().percentiles();
            case PROMETHEUS_HISTOGRAM -> QiuthMetrics.builder().percentiles().percentileHistogram(true);
        };
    }

    static DecisionListener listener(Listener kind) {
        return kind == Listener.NONE ? DecisionListener.none()
                : options(kind).bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @State(Scope.Thread)
    public static class KeyOnly {
        @Param({"NONE", "PROMETHEUS", "PROMETHEUS_NO_PERCENTILES", "PROMETHEUS_HISTOGRAM"})
        Listener listener = Listener.NONE;

        Qiuth engine;
        RequestView request;

        @Setup(Level.Trial)
        public void setUp() {
            engine = Qiuth.builder().keyStore(Fixtures.store(Fixtures.keyOnlyPolicy()))
                    .clock(new BenchmarkClock(Fixtures.SIGNED_AT)).listener(listener(listener)).build();
            request = Fixtures.request(Fixtures.query(0), Map.of(QiuthHeaders.API_KEY, Fixtures.KEY_ONLY_API_KEY),
                    Fixtures.PEER_V4);
        }

        @TearDown(Level.Iteration)
        public void checkStillGranted() {
            Fixtures.requireGranted(engine.authenticate(request), "the key-only request");
        }
    }

    /** The listener on its own, told of a grant and of a denial the engine made once. */
    @State(Scope.Thread)
    public static class ListenerAlone {
        @Param({"PROMETHEUS", "PROMETHEUS_NO_PERCENTILES", "PROMETHEUS_HISTOGRAM"})
        Listener listener = Listener.PROMETHEUS;

        PrometheusMeterRegistry registry;
        QiuthMetrics metrics;
        Decision grant;
        Decision denial;

        @Setup(Level.Trial)
        public void setUp() {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics = options(listener).bindTo(registry);
            Qiuth engine = Qiuth.builder().keyStore(Fixtures.store(Fixtures.keyOnlyPolicy()))
                    .clock(new BenchmarkClock(Fixtures.SIGNED_AT)).build();
            grant = Fixtures.requireGranted(engine.authenticate(Fixtures.request(Fixtures.query(0),
                    Map.of(QiuthHeaders.API_KEY, Fixtures.KEY_ONLY_API_KEY), Fixtures.PEER_V4)), "the grant");
            denial = engine.authenticate(Fixtures.request(Fixtures.query(0),
                    Map.of(QiuthHeaders.API_KEY, "sk_live_nobody_has_this_key"), Fixtures.PEER_V4));
            if (denial.granted()) {
                throw new IllegalStateException("an unknown key was granted; the benchmark fixture is broken");
            }
        }
    }

    @Benchmark
    public Decision keyOnly(KeyOnly state) {
        return state.engine.authenticate(state.request);
    }

    @Benchmark
    public void listenerOnGrant(ListenerAlone state) {
        state.metrics.onDecision(state.grant, 300);
    }

    @Benchmark
    public void listenerOnDenial(ListenerAlone state) {
        state.metrics.onDecision(state.denial, 300);
    }
}
