package dev.qiuth.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.testing.RedisServerProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What two engines sharing one Redis Cluster must see, whichever way they reach it: each refuses
 * the other's replays, and a failure budget spent on one is spent on both. A subclass starts the
 * cluster and says how to connect.
 */
abstract class TwoEnginesOverOneCluster {

    /** How an engine's client connects to the cluster. */
    abstract RedisStateConfig config();

    /** The cluster's masters, to see that every one of them holds keys. */
    abstract List<RedisServerProcess> masters();

    /** Two engines, each with its own connection to the cluster, checking the same key's requests. */
    private interface TwoNodes {
        void check(Qiuth nodeA, Qiuth nodeB, SignedRequests requests);
    }

    private void onTwoNodes(TwoNodes check) {
        SignedRequests requests = new SignedRequests();
        try (RedisState a = RedisState.connect(config()); RedisState b = RedisState.connect(config())) {
            check.check(Engines.node(a, requests), Engines.node(b, requests), requests);
        }
    }

    @Test
    void twoEnginesOverTheClusterRefuseEachOthersReplays() {
        onTwoNodes((nodeA, nodeB, requests) -> {
            for (int n = 100; n < 130; n++) {
                assertThat(nodeA.authenticate(requests.post(n, "203.0.113.7")).granted()).isTrue();
                assertThat(Engines.reason(nodeB.authenticate(requests.post(n, "198.51.100." + n))))
                        .isEqualTo(ErrorCode.REPLAYED_REQUEST);
            }
        });
        // the fingerprints hash to slots of every master: the client reached each one
        assertThat(masters()).allSatisfy(m -> assertThat(Long.parseLong(m.command("DBSIZE"))).isPositive());
    }

    @Test
    void aFailureBudgetSpentOnOneNodeIsSpentOnBoth() {
        onTwoNodes((nodeA, nodeB, requests) -> {
            assertThat(Engines.reason(nodeA.authenticate(requests.forged(1, "192.0.2.9")))).isEqualTo(ErrorCode.INVALID_HMAC);
            assertThat(Engines.reason(nodeB.authenticate(requests.forged(2, "192.0.2.9")))).isEqualTo(ErrorCode.INVALID_HMAC);
            assertThat(Engines.reason(nodeA.authenticate(requests.forged(3, "192.0.2.9")))).isEqualTo(ErrorCode.INVALID_HMAC);

            Decision.Denied limited = (Decision.Denied) nodeB.authenticate(requests.post(4, "192.0.2.9"));
            assertThat(limited.reason()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(limited.response().headers()).containsEntry("Retry-After", "60");
            assertThat(Engines.reason(nodeA.authenticate(requests.post(5, "192.0.2.9")))).isEqualTo(ErrorCode.RATE_LIMITED);
            // another client address still has its whole budget
            assertThat(nodeA.authenticate(requests.post(6, "192.0.2.10")).granted()).isTrue();
        });
    }
}
