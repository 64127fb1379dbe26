package dev.qiuth.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports {@code cpu.time.norm}: the CPU time the benchmark JVM used in an iteration (the
 * benchmark thread, and the GC and JIT threads working for it) divided by the operations done.
 *
 * <p>On a machine shared with other work the benchmark thread waits for a core, and the
 * wall-clock score counts the wait; CPU time does not. It still counts what sharing a core's
 * caches costs, so it is an upper bound too, only a much tighter one. With one benchmark thread
 * and the machine quiet, it is close to the wall-clock score.
 *
 * <pre>
 * java -jar benchmarks.jar PipelineBenchmark -prof dev.qiuth.bench.CpuTimeProfiler
 * </pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM per operation, not counting time spent waiting for a core";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's interface declares the raw type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startNanos;
        long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        if (ops <= 0 || cpuNanos < 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", cpuNanos / (double) ops, "ns/op", AggregationPolicy.AVG));
    }
}
