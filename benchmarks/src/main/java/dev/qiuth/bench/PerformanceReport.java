package dev.qiuth.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks in one JMH invocation and prints, in Markdown, each score with its error,
 * best iteration, CPU time and allocation, then the engine's cost as ratios to the raw JDK crypto
 * of the same run and whether each goal is met. Takes JMH's own command-line options; add
 * {@code -prof gc} for the allocation column and {@code -prof dev.qiuth.bench.CpuTimeProfiler}
 * for the CPU column.
 *
 * <p>Ratios are given for the mean of the iterations and for the best iteration: on a machine
 * shared with other work, interference only ever adds time, so the best iteration is the better
 * estimate of what the code costs, and the mean the more conservative one.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.qiuth.bench.PerformanceReport \
 *     -f 1 -wi 3 -w 1s -i 5 -r 1s -t 1 -prof gc -prof dev.qiuth.bench.CpuTimeProfiler
 * </pre>
 */
public final class PerformanceReport {
    private static final String CPU = "cpu.time.norm";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private final Map<String, RunResult> results = new TreeMap<>();

    PerformanceReport(Collection<RunResult> runs) {
        for (RunResult run : runs) {
            String name = run.getParams().getBenchmark();
            // Class.method, without the package
            results.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), run);
        }
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions options = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(options);
        if (options.getIncludes().isEmpty()) {
            builder.include("dev\\.qiuth\\.bench\\..*");
        }
        PerformanceReport report = new PerformanceReport(new Runner(builder.build()).run());
        System.out.println();
        System.out.println(report.scores());
        System.out.println(report.ratios());
    }

    /** One row per benchmark: mean ns/op with its 99.9% error, best iteration, CPU ns/op, B/op. */
    String scores() {
        // most benchmarks score in ns/op; RedisStateBenchmark in us/op: each row names its unit
        StringBuilder sb = new StringBuilder("| benchmark | score | unit | ± error (99.9%) | best iteration | CPU ns/op "
                + "| B/op |\n|---|---:|---|---:|---:|---:|---:|\n");
        results.forEach((name, run) -> sb.append("| ").append(name)
                .append(" | ").append(format(run.getPrimaryResult().getScore()))
                .append(" | ").append(run.getPrimaryResult().getScoreUnit())
                .append(" | ").append(format(run.getPrimaryResult().getScoreError()))
                .append(" | ").append(format(run.getPrimaryResult().getStatistics().getMin()))
                .append(" | ").append(format(secondary(run, CPU)))
                .append(" | ").append(format(secondary(run, ALLOCATION))).append(" |\n"));
        return sb.toString();
    }

    /** The engine against the floor of the same run, by mean and by best iteration. */
    String ratios() {
        StringBuilder sb = new StringBuilder("| measure | mean | best iteration | goal (judged on the mean) |\n"
                + "|---|---:|---:|---|\n");
        row(sb, "HMAC path (ns)", m -> m.applyAsDouble("PipelineBenchmark.hmacPath"), 2000, "≤ 2,000 ns");
        row(sb, "HMAC path / (3 HmacSHA1 + HmacSHA256 + SHA-256 key)",
                m -> m.applyAsDouble("PipelineBenchmark.hmacPath")
                        / (3 * m.applyAsDouble("JdkCryptoBenchmark.hmacSha1TotpCode")
                                + m.applyAsDouble("JdkCryptoBenchmark.hmacSha256")
                                + m.applyAsDouble("JdkCryptoBenchmark.sha256Key")), Double.NaN, "");
        row(sb, "HMAC path / all its crypto (+ SHA-256 body, SHA-256 fingerprint, 3 isEqual)",
                m -> m.applyAsDouble("PipelineBenchmark.hmacPath") / hmacPathCrypto(m), Double.NaN, "");
        row(sb, "HMAC path - all its crypto (ns)",
                m -> m.applyAsDouble("PipelineBenchmark.hmacPath") - hmacPathCrypto(m), Double.NaN, "");
        row(sb, "RSA path / raw RSA verify", m -> m.applyAsDouble("PipelineBenchmark.rsaPath")
                / m.applyAsDouble("JdkCryptoBenchmark.rsaVerify"), 1.10, "≤ 1.10");
        row(sb, "RSA path - raw RSA verify (ns)", m -> m.applyAsDouble("PipelineBenchmark.rsaPath")
                - m.applyAsDouble("JdkCryptoBenchmark.rsaVerify"), Double.NaN, "");
        row(sb, "key-only (ns)", m -> m.applyAsDouble("PipelineBenchmark.keyOnly"), 300, "≤ 300 ns");
        row(sb, "key-only / (SHA-256 key + 2 isEqual)", m -> m.applyAsDouble("PipelineBenchmark.keyOnly")
                / (m.applyAsDouble("JdkCryptoBenchmark.sha256Key")
                        + 2 * m.applyAsDouble("JdkCryptoBenchmark.isEqual32")), Double.NaN, "");
        row(sb, "key lookup factor / (SHA-256 key + 2 isEqual)", m -> m.applyAsDouble("FactorBenchmark.keyLookup")
                / (m.applyAsDouble("JdkCryptoBenchmark.sha256Key")
                        + 2 * m.applyAsDouble("JdkCryptoBenchmark.isEqual32")), Double.NaN, "");
        row(sb, "TOTP factor / 3 HmacSHA1", m -> m.applyAsDouble("FactorBenchmark.totpVerify")
                / (3 * m.applyAsDouble("JdkCryptoBenchmark.hmacSha1TotpCode")), Double.NaN, "");
        row(sb, "HMAC factor / (HmacSHA256 + isEqual)", m -> m.applyAsDouble("FactorBenchmark.hmacVerify")
                / (m.applyAsDouble("JdkCryptoBenchmark.hmacSha256")
                        + m.applyAsDouble("JdkCryptoBenchmark.isEqual32")), Double.NaN, "");
        row(sb, "RSA factor / raw RSA verify", m -> m.applyAsDouble("FactorBenchmark.rsaVerify")
                / m.applyAsDouble("JdkCryptoBenchmark.rsaVerify"), Double.NaN, "");
        row(sb, "PostgreSQL cached lookup / in-memory lookup, separate benchmarks",
                m -> m.applyAsDouble("PostgresKeyStoreBenchmark.cachedLookup")
                        / m.applyAsDouble("PostgresKeyStoreBenchmark.inMemoryLookup"), Double.NaN, "");
        alternatingRow(sb, "PostgreSQL cached lookup / in-memory lookup, alternating in one benchmark",
                "PostgresKeyStoreBenchmark.cachedAndInMemoryLookups", "cachedLookupNanos", "inMemoryLookupNanos", 1.2,
                "≤ 1.2");
        alternatingRow(sb, "PostgreSQL uncached lookup / SELECT 1, alternating in one benchmark",
                "PostgresKeyStoreBenchmark.uncachedLookupAndSelectOne", "uncachedLookupNanos", "selectOneNanos", 1.3,
                "≤ 1.3");
        return sb.toString();
    }

    /** Every hash, MAC and comparison an HMAC-path request needs, at the JDK's own cost. */
    private static double hmacPathCrypto(ToDoubleFunction<String> m) {
        return 3 * m.applyAsDouble("JdkCryptoBenchmark.hmacSha1TotpCode")
                + m.applyAsDouble("JdkCryptoBenchmark.hmacSha256")
                + m.applyAsDouble("JdkCryptoBenchmark.sha256Key")
                + m.applyAsDouble("JdkCryptoBenchmark.sha256Body")
                + m.applyAsDouble("JdkCryptoBenchmark.sha256ReplayInput")
                + 3 * m.applyAsDouble("JdkCryptoBenchmark.isEqual32");
    }

    /** A row, left out when a score it needs was not measured; met when below the limit. */
    private void row(StringBuilder sb, String measure, ToDoubleFunction<ToDoubleFunction<String>> value,
            double limit, String goal) {
        double mean = value.applyAsDouble(this::mean);
        double best = value.applyAsDouble(this::best);
        if (Double.isNaN(mean)) {
            return;
        }
        String verdict = Double.isNaN(limit) ? goal : goal + ": "
                + (mean <= limit ? "met" : best <= limit ? "missed (met by the best iteration)" : "missed");
        sb.append("| ").append(measure).append(" | ").append(format(mean)).append(" | ").append(format(best))
                .append(" | ").append(verdict).append(" |\n");
    }

    /**
     * A ratio of two of one benchmark's summed counters: no best iteration (JMH keeps only the sum).
     */
    private void alternatingRow(StringBuilder sb, String measure, String benchmark, String numerator,
            String denominator, double limit, String goal) {
        RunResult run = results.get(benchmark);
        if (run == null) {
            return;
        }
        double ratio = secondary(run, numerator) / secondary(run, denominator);
        sb.append("| ").append(measure).append(" | ").append(format(ratio)).append(" | - | ").append(goal).append(": ")
                .append(ratio <= limit ? "met" : "missed").append(" |\n");
    }

    private double mean(String benchmark) {
        RunResult run = results.get(benchmark);
        return run == null ? Double.NaN : run.getPrimaryResult().getScore();
    }

    private double best(String benchmark) {
        RunResult run = results.get(benchmark);
        return run == null ? Double.NaN : run.getPrimaryResult().getStatistics().getMin();
    }

    private static double secondary(RunResult run, String label) {
        Result<?> r = run.getSecondaryResults().get(label);
        return r == null ? Double.NaN : r.getScore();
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
