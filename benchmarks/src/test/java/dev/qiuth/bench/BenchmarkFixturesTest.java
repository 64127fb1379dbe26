package dev.qiuth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.qiuth.Decision;
import dev.qiuth.ip.IpAddress;
import dev.qiuth.totp.TotpVerifier;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Runs every benchmark method briefly, outside JMH, the way JMH would (trial and iteration
 * setup, calls, iteration and trial teardown), and checks that every call succeeds: a pipeline
 * benchmark yields {@link Decision.Granted}, a factor check passes. A fixture that broke would
 * otherwise go on measuring denials, which are faster, and look like an improvement. Nothing
 * here measures time.
 */
class BenchmarkFixturesTest {
    /** One more than the largest ring, so every ring comes round at least once. */
    private static final int CALLS = PipelineBenchmark.HmacPathColdRequests.RING + 1;

    static Stream<Method> benchmarks() {
        return Stream.of(PipelineBenchmark.class, FactorBenchmark.class, JdkCryptoBenchmark.class,
                        EngineStepBenchmark.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .sorted(Comparator.comparing(Method::toString));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarks")
    void everyCallOfTheBenchmarkSucceeds(Method benchmark) throws Exception {
        Object holder = benchmark.getDeclaringClass().getDeclaredConstructor().newInstance();
        List<Object> states = new ArrayList<>();
        if (holder.getClass().isAnnotationPresent(State.class)) {
            states.add(holder);
        }
        Object[] args = new Object[benchmark.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            Class<?> type = benchmark.getParameterTypes()[i];
            assertThat(type.isAnnotationPresent(State.class)).as("parameter %s is a @State", type).isTrue();
            args[i] = type.getDeclaredConstructor().newInstance();
            states.add(args[i]);
        }
        runAll(states, Setup.class, Level.Trial);
        runAll(states, Setup.class, Level.Iteration);
        for (int call = 0; call < CALLS; call++) {
            assertSucceeded(benchmark, call, invoke(benchmark, holder, args));
        }
        runAll(states, TearDown.class, Level.Iteration);
        runAll(states, TearDown.class, Level.Trial);
    }

    private static void assertSucceeded(Method benchmark, int call, Object result) {
        String where = benchmark.getName() + " call " + call;
        if (result instanceof Decision decision) {
            assertThat(decision).as(where).isInstanceOf(Decision.Granted.class);
        } else if (result instanceof Boolean passed) {
            assertThat(passed).as(where).isTrue();
        } else if (result instanceof Long matchedCounter) {
            assertThat(matchedCounter).as(where).isNotEqualTo(TotpVerifier.NO_MATCH);
        } else if (result instanceof byte[] bytes) {
            assertThat(bytes.length).as(where + ": a digest, a MAC or a canonical request").isGreaterThanOrEqualTo(20);
        } else if (result instanceof IpAddress address) {
            assertThat(address.isIpv4()).as(where + ": the IPv4 peer").isTrue();
        } else if (result instanceof String json) {
            assertThat(json).as(where + ": a JSON object").startsWith("{\"keyId\":").endsWith("}");
        } else {
            fail("%s returns %s, which this test cannot judge: return a Decision, boolean, counter, bytes, address "
                    + "or JSON",
                    benchmark, result == null ? "null" : result.getClass().getName());
        }
    }

    /** Runs the state's @Setup or @TearDown methods of one level, superclass methods first. */
    private static void runAll(List<Object> states, Class<? extends java.lang.annotation.Annotation> kind, Level level)
            throws Exception {
        for (Object state : states) {
            List<Class<?>> hierarchy = new ArrayList<>();
            for (Class<?> c = state.getClass(); c != Object.class; c = c.getSuperclass()) {
                hierarchy.add(0, c);
            }
            for (Class<?> c : hierarchy) {
                for (Method m : c.getDeclaredMethods()) {
                    Level declared = kind == Setup.class && m.isAnnotationPresent(Setup.class)
                            ? m.getAnnotation(Setup.class).value()
                            : kind == TearDown.class && m.isAnnotationPresent(TearDown.class)
                                    ? m.getAnnotation(TearDown.class).value() : null;
                    if (declared == level) {
                        assertThat(Modifier.isPublic(m.getModifiers())).as("%s is public", m).isTrue();
                        invoke(m, state);
                    }
                }
            }
        }
    }

    private static Object invoke(Method m, Object target, Object... args) throws Exception {
        m.setAccessible(true);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
