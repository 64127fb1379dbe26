package dev.qiuth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.metrics.QiuthMetrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The metrics benchmark measures what it says, for every value of its {@code @Param}: the
 * engine still grants, and the listener alone really counts and times (a listener that did
 * nothing would look free). {@link BenchmarkFixturesTest} does not set parameters, hence this.
 */
class MetricsListenerBenchmarkTest {
    private final MetricsListenerBenchmark benchmark = new MetricsListenerBenchmark();

    @ParameterizedTest
    @EnumSource(MetricsListenerBenchmark.Listener.class)
    void everyEngineGrantsTheKeyOnlyRequest(MetricsListenerBenchmark.Listener listener) {
        MetricsListenerBenchmark.KeyOnly state = new MetricsListenerBenchmark.KeyOnly();
        state.listener = listener;
        state.setUp();
        for (int call = 0; call < 100; call++) {
            assertThat(benchmark.keyOnly(state)).isInstanceOf(Decision.Granted.class);
        }
        state.checkStillGranted();
    }

    @ParameterizedTest
    @EnumSource(value = MetricsListenerBenchmark.Listener.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void theListenerAloneCountsAndTimesGrantsAndDenials(MetricsListenerBenchmark.Listener listener) {
        MetricsListenerBenchmark.ListenerAlone state = new MetricsListenerBenchmark.ListenerAlone();
        state.listener = listener;
        state.setUp();
        for (int call = 0; call < 100; call++) {
            benchmark.listenerOnGrant(state);
        }
        benchmark.listenerOnDenial(state);

        assertThat(state.registry.get(QiuthMetrics.DECISIONS).tag("factors", "API_KEY").counter().count()).isEqualTo(100);
        assertThat(state.registry.get(QiuthMetrics.DECISIONS).tag("code", "INVALID_API_KEY").counter().count())
                .isEqualTo(1);
        assertThat(state.registry.get(QiuthMetrics.DURATION).tag("outcome", "granted").timer().count()).isEqualTo(100);
    }
}
