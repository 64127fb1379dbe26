package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Factor;
import dev.qiuth.Qiuth;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A key rotating its API key and HMAC secret through the admin, seen by two engines, each with a
 * ten-minute cache and a change listener, over one database. Time passes by moving the clocks of
 * the admin and both engines (one shared clock); waiting is only for the notices.
 */
class RotationClusterTest {
    private static final String PEER = "203.0.113.7";
    private static final Duration NOTICE = Duration.ofSeconds(2);
    private static final MutableClock CLOCK = MutableClock.standard();
    private static final List<String> HEARD = new CopyOnWriteArrayList<>();
    private static final AtomicLong SENT = new AtomicLong();

    private static TestDatabase db;
    private static PostgresKeyAdmin admin;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        MasterKey masterKey = MasterKey.of(TestKeys.masterKey());
        admin = PostgresKeyAdmin.create(db.pool(), masterKey, CLOCK);
        a = new Node(db, masterKey, CLOCK, engine("a"));
        b = new Node(db, masterKey, CLOCK, engine("b"));
    }

    private static Qiuth.Builder engine(String node) {
        return Qiuth.builder().clock(CLOCK).rotationListener((principal, ends) ->
                HEARD.add(node + " " + principal.keyId() + " " + principal.previousCredentials() + " " + ends));
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        db.close();
        assertThat(LogCapture.ofRun().linesContaining(TestKeys.issued())).isEmpty();
    }

    /** One client's credentials. */
    private record Credentials(String apiKey, String hmacSecret) {
        static Credentials fresh() {
            return new Credentials(TestKeys.apiKey(), TestKeys.hmacSecret());
        }

        Credentials withApiKey(String other) {
            return new Credentials(other, hmacSecret);
        }

        Credentials withHmac(String other) {
            return new Credentials(apiKey, other);
        }
    }

    private static Decision send(Node node, Credentials c) {
        RequestSigner signer = RequestSigner.builder().apiKey(c.apiKey()).hmacSecret(c.hmacSecret()).clock(CLOCK).build();
        // the clocks stand still: a fresh URL each time, or a second request would be a replay
        return node.authenticate(Requests.signed(signer, PEER, Requests.URL + "&n=" + SENT.incrementAndGet()));
    }

    private static boolean granted(Node node, Credentials c) {
        return send(node, c) instanceof Decision.Granted;
    }

    private static boolean bothGrant(Credentials c) {
        return granted(a, c) && granted(b, c);
    }

    private static boolean bothRefuse(Credentials c) {
        return !granted(a, c) && !granted(b, c);
    }

    private static java.util.Set<Factor> previousCredentials(Node node, Credentials c) {
        Decision d = send(node, c);
        assertThat(d).as("granted").isInstanceOf(Decision.Granted.class);
        return ((Decision.Granted) d).principal().previousCredentials();
    }

    /** A key with API key and HMAC, cached on both nodes. */
    private static Credentials keyCachedOnBothNodes(String id) {
        Credentials old = Credentials.fresh();
        admin.add(NewKey.builder().id(id).apiKey(old.apiKey()).hmac(Secret.of(old.hmacSecret()), Duration.ofMinutes(5)).build());
        Poll.until("both nodes grant the new key", NOTICE, () -> bothGrant(old));
        return old;
    }

    private static Credentials rotate(String id, Duration transition) {
        Credentials fresh = Credentials.fresh();
        admin.startRotation(id, Rotation.builder(transition).apiKey(fresh.apiKey()).hmac(Secret.of(fresh.hmacSecret())).build());
        Duration took = Poll.until("both nodes grant the new credentials", NOTICE, () -> bothGrant(fresh));
        assertThat(took).isLessThan(NOTICE);
        return fresh;
    }

    @Test
    void duringTheTransitionBothNodesGrantOldAndNewCredentialsAndAfterTheDeadlineOnlyTheNew() {
        Credentials old = keyCachedOnBothNodes("rotating");
        Instant until = CLOCK.instant().plus(Duration.ofHours(24));

        Credentials fresh = rotate("rotating", Duration.ofHours(24));

        for (Node node : List.of(a, b)) {
            assertThat(previousCredentials(node, old)).containsExactly(Factor.API_KEY, Factor.HMAC);
            assertThat(previousCredentials(node, fresh)).isEmpty();
            assertThat(previousCredentials(node, fresh.withHmac(old.hmacSecret()))).containsExactly(Factor.HMAC);
            assertThat(previousCredentials(node, old.withHmac(fresh.hmacSecret()))).containsExactly(Factor.API_KEY);
        }

        CLOCK.advance(Duration.between(CLOCK.instant(), until)); // the deadline itself: previous ones refused

        for (Node node : List.of(a, b)) {
            assertThat(send(node, old)).isInstanceOfSatisfying(Decision.Denied.class,
                    d -> assertThat(d.code()).isEqualTo(ErrorCode.INVALID_API_KEY));
            assertThat(send(node, fresh.withHmac(old.hmacSecret()))).isInstanceOfSatisfying(Decision.Denied.class,
                    d -> assertThat(d.code()).isEqualTo(ErrorCode.INVALID_HMAC));
            assertThat(previousCredentials(node, fresh)).isEmpty();
        }
    }

    @Test
    void completingARotationEarlyRefusesTheOldCredentialsOnBothNodesWithinTwoSeconds() {
        Credentials old = keyCachedOnBothNodes("completing");
        Credentials fresh = rotate("completing", Duration.ofDays(7));
        assertThat(bothGrant(old)).isTrue();

        admin.completeRotation("completing");

        Duration took = Poll.until("both nodes refuse the old API key", NOTICE, () -> bothRefuse(old));
        assertThat(took).isLessThan(NOTICE);
        assertThat(bothRefuse(fresh.withHmac(old.hmacSecret()))).as("old HMAC secret with the new key").isTrue();
        assertThat(previousCredentials(a, fresh)).isEmpty();
        assertThat(previousCredentials(b, fresh)).isEmpty();
    }

    @Test
    void cancellingARotationRefusesTheNewCredentialsAndGrantsTheOldAgain() {
        Credentials old = keyCachedOnBothNodes("cancelling");
        Credentials fresh = rotate("cancelling", Duration.ofDays(7));

        admin.cancelRotation("cancelling");

        Duration took = Poll.until("both nodes refuse the new API key", NOTICE, () -> bothRefuse(fresh));
        assertThat(took).isLessThan(NOTICE);
        assertThat(bothRefuse(old.withHmac(fresh.hmacSecret()))).as("new HMAC secret with the old key").isTrue();
        assertThat(previousCredentials(a, old)).as("current again, not previous").isEmpty();
        assertThat(previousCredentials(b, old)).isEmpty();
    }

    @Test
    void revokingAKeyDuringItsRotationRefusesOldAndNewCredentials() {
        Credentials old = keyCachedOnBothNodes("revoked-while-rotating");
        Credentials fresh = rotate("revoked-while-rotating", Duration.ofDays(7));
        assertThat(bothGrant(old)).isTrue();

        assertThat(admin.revoke("revoked-while-rotating")).isTrue();

        Poll.until("both nodes refuse the new credentials", NOTICE, () -> bothRefuse(fresh));
        Poll.until("both nodes refuse the old credentials", NOTICE, () -> bothRefuse(old));
        assertThat(admin.show("revoked-while-rotating").orElseThrow().rotation()).isEmpty();
    }

    @Test
    void anOldCredentialUsedInTheLastQuarterIsHeardByTheRotationListener() {
        Credentials old = keyCachedOnBothNodes("late-client");
        Instant until = CLOCK.instant().plus(Duration.ofHours(4));
        Credentials fresh = rotate("late-client", Duration.ofHours(4));

        assertThat(granted(a, old)).isTrue();
        assertThat(heardOf("late-client")).as("not yet in the last quarter").isEmpty();

        CLOCK.advance(Duration.ofHours(3).plusMinutes(1));
        assertThat(granted(a, fresh.withHmac(old.hmacSecret()))).isTrue();
        assertThat(granted(b, fresh)).isTrue();

        assertThat(heardOf("late-client")).containsExactly("a late-client [HMAC] " + until);
    }

    private static List<String> heardOf(String keyId) {
        return HEARD.stream().filter(line -> line.contains(" " + keyId + " ")).toList();
    }
}
