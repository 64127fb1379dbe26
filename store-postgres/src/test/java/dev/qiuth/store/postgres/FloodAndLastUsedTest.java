package dev.qiuth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.testing.LogCapture;
import dev.qiuth.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What reaches the database: queries counted on a wrapper around the real pool. */
class FloodAndLastUsedTest {
    private static TestDatabase db;
    private static MasterKey masterKey;
    private static PostgresKeyAdmin admin;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        masterKey = MasterKey.of(TestKeys.masterKey());
        admin = PostgresKeyAdmin.create(db.pool(), masterKey);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        assertThat(LogCapture.ofRun().linesContaining(TestKeys.issued())).isEmpty();
    }

    @BeforeEach
    void emptyTable() {
        db.clearKeys();
    }

    @Test
    void aFloodOfTenThousandRandomKeysMakesAtMostAFewHundredQueries() {
        List<String> real = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String apiKey = TestKeys.apiKey();
            admin.add(NewKey.builder().id("real-" + i).apiKey(apiKey).build());
            real.add(apiKey);
        }
        CountingDataSource counted = new CountingDataSource(db.pool());
        PostgresKeyStore store = PostgresKeyStore.create(counted, masterKey);
        CachingKeyStore cache = CachingKeyStore.builder(store).filter(PostgresKeyHashes.load(counted, Clock.systemUTC()))
                .build();
        Qiuth qiuth = Qiuth.builder().keyStore(cache).build();
        long before = counted.statements();

        int denied = 0;
        for (int i = 0; i < 10_000; i++) {
            Decision d = qiuth.authenticate(Requests.withKey("flood_" + TestKeys.token(24), "203.0.113." + (i % 250)));
            if (d instanceof Decision.Denied denial && denial.code() == ErrorCode.INVALID_API_KEY) {
                denied++;
            }
        }
        for (String apiKey : real) {
            assertThat(qiuth.authenticate(Requests.withKey(apiKey, "198.51.100.1"))).isInstanceOf(Decision.Granted.class);
        }

        assertThat(denied).isEqualTo(10_000);
        long queries = counted.statements() - before;
        assertThat(queries).isLessThanOrEqualTo(300).isGreaterThanOrEqualTo(50);
    }

    @Test
    void lastUsedIsWrittenByTheFlusherAtMostOnceAMinutePerKeyAndNeverOnTheRequestPath() throws Exception {
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("used").apiKey(apiKey).build());
        MutableClock clock = MutableClock.standard();
        CountingDataSource counted = new CountingDataSource(db.pool());
        LastUsedRecorder recorder = LastUsedRecorder.manual(counted, clock);
        // one clock for both, as in production: the cache tells the recorder at most once per tick
        CachingKeyStore cache = CachingKeyStore.builder(PostgresKeyStore.create(db.pool(), masterKey)).clock(clock)
                .onFound(recorder::record).build();
        Qiuth qiuth = Qiuth.builder().keyStore(cache).build();

        for (int i = 0; i < 100; i++) {
            assertThat(qiuth.authenticate(Requests.withKey(apiKey, "203.0.113.7"))).isInstanceOf(Decision.Granted.class);
        }
        assertThat(counted.statements()).isZero();
        assertThat(lastUsed("used")).isNull();

        assertThat(recorder.flush()).isEqualTo(1);
        assertThat(counted.statements()).isEqualTo(1);
        Instant first = clock.instant();
        assertThat(lastUsed("used")).isEqualTo(first);

        clock.advance(Duration.ofSeconds(59));
        qiuth.authenticate(Requests.withKey(apiKey, "203.0.113.7"));
        assertThat(recorder.flush()).isZero();
        assertThat(lastUsed("used")).isEqualTo(first);

        clock.advance(Duration.ofSeconds(2));
        qiuth.authenticate(Requests.withKey(apiKey, "203.0.113.7"));
        assertThat(recorder.flush()).isEqualTo(1);
        assertThat(lastUsed("used")).isEqualTo(clock.instant());
        assertThat(admin.show("used").orElseThrow().lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void theScheduledFlusherWritesOnItsOwn() {
        String apiKey = TestKeys.apiKey();
        admin.add(NewKey.builder().id("scheduled").apiKey(apiKey).build());
        try (LastUsedRecorder recorder = LastUsedRecorder.start(db.pool(), Clock.systemUTC(), Duration.ofMillis(50))) {
            CachingKeyStore cache = CachingKeyStore.builder(PostgresKeyStore.create(db.pool(), masterKey))
                    .onFound(recorder::record).build();
            Qiuth qiuth = Qiuth.builder().keyStore(cache).build();
            qiuth.authenticate(Requests.withKey(apiKey, "203.0.113.7"));
            Poll.until("the flusher writes last_used_at", Duration.ofSeconds(5), () -> lastUsed("scheduled") != null);
        }
    }

    private static Instant lastUsed(String id) {
        try (Connection c = db.pool().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT last_used_at FROM qiuth_keys WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
