package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.Problems;
import dev.qiuth.ip.TrustedProxies;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link Qiuth#authenticate} over thousands of seeded random requests against
 * sixteen keys, one per mix of factors: it never throws, never grants a request that lacks a
 * valid proof, refuses a broken proof with the code of the first failing check, grants honest
 * requests, and always answers a denial with a well-formed problem. Reproduce a run with
 * {@code -Dqiuth.seed=N}; a failure names its seed, batch and case.
 */
class QiuthPropertyTest {
    static final long SEED = Long.getLong("qiuth.seed", 20261123L);
    static final int BATCHES = 16;
    static final int CASES_PER_BATCH = 250;

    static IntStream batches() {
        return IntStream.range(0, BATCHES);
    }

    /** Half the batches run a strict server: minimal disclosure, key in the query allowed, hosts restricted. */
    private static boolean strict(int batch) {
        return batch % 2 == 1;
    }

    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void authenticateNeverThrowsNeverGrantsWithoutProofAndAlwaysAnswersAWellFormedDenial(int batch) {
        long seed = SEED * 31 + batch;
        SplittableRandom r = new SplittableRandom(seed);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(r.nextLong(946_684_800L, 4_102_444_800L), r.nextInt(1000) * 1_000_000L));
        List<RandomRequests.MixKey> keys = RandomRequests.keys(r);
        boolean strict = strict(batch);
        Qiuth.Builder builder = Qiuth.builder().clock(clock).keys(keys.stream().map(RandomRequests.MixKey::policy).toList())
                .trustedProxies(TrustedProxies.of(RandomRequests.PROXIES));
        if (strict) {
            builder.minimalDisclosure(true).apiKeyInQuery(true).allowedHosts(RandomRequests.ALLOWED_HOSTS);
        }
        Qiuth qiuth = builder.build();
        RandomRequests requests = new RandomRequests(r, clock, keys, strict, strict);

        Map<ErrorCode, Integer> seen = new EnumMap<>(ErrorCode.class);
        int granted = 0;
        for (int i = 0; i < CASES_PER_BATCH; i++) {
            clock.advance(Duration.ofMillis(r.nextLong(1, 20_000)));
            int kind = r.nextInt(10);
            RandomRequests.Case c = kind < 3 ? requests.honest(i) : kind < 7 ? requests.broken(i) : requests.garbage(i);
            String where = "seed " + SEED + " batch " + batch + " case " + i + " (" + c.what() + ", key mix-" + c.key().mask()
                    + (strict ? ", strict server" : "") + ")";
            boolean async = r.nextInt(4) == 0;
            try {
                if (c.warmUp() != null) {
                    assertThat(judge(qiuth, c.warmUp().view(), async).granted()).as("first send of a replay").isTrue();
                }
                Decision d = judge(qiuth, c.view().get(), async);
                check(c, d, strict);
                if (d instanceof Decision.Denied denied) {
                    seen.merge(denied.reason(), 1, Integer::sum);
                } else {
                    granted++;
                }
            } catch (AssertionError | RuntimeException e) {
                String request = c.call() != null ? c.call().describe() : "";
                throw new AssertionError(printable(where + "\n" + request) + "\n" + e.getMessage(), e);
            }
        }
        // the run must have exercised both answers and many different refusals, or it proves little
        assertThat(granted).as("grants in batch %d", batch).isGreaterThan(CASES_PER_BATCH / 5);
        assertThat(seen.keySet()).as("refusal codes in batch %d", batch).hasSizeGreaterThanOrEqualTo(8);
    }

    /** Control characters of garbage values escaped, so that a failure message stays readable. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.chars().forEach(c -> sb.append(c < 0x20 && c != '\n' || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb.toString();
    }

    private static Decision judge(Qiuth qiuth, RequestView view, boolean async) {
        return async ? qiuth.authenticateAsync(view).toCompletableFuture().join() : qiuth.authenticate(view);
    }

    private static void check(RandomRequests.Case c, Decision d, boolean strict) {
        assertThat(d).as("decision").isNotNull();
        if (c.grant()) {
            assertThat(d).as("an honest request is granted").isInstanceOf(Decision.Granted.class);
            QiuthPrincipal p = ((Decision.Granted) d).principal();
            assertThat(p.keyId()).isEqualTo(c.key().policy().id());
            assertThat(p.factors()).isEqualTo(c.key().policy().factors());
            return;
        }
        assertThat(d).as("a request without a valid proof is refused").isInstanceOf(Decision.Denied.class);
        Decision.Denied denied = (Decision.Denied) d;
        Problems.assertWellFormed(denied);
        assertThat(denied.reason()).as("never a store failure: the stores are up").isNotEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(denied.detail()).isNotBlank();
        if (c.expected() != null) {
            assertThat(denied.reason()).as("reason").isEqualTo(c.expected());
        }
        ErrorCode shown = strict && denied.reason().status() == 401 ? ErrorCode.UNAUTHORIZED : denied.reason();
        assertThat(denied.code()).as("code shown").isEqualTo(shown);
        Problems.assertRepeatsNothingOf(denied, c.key().apiKey());
    }
}
