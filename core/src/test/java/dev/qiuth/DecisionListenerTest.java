package dev.qiuth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qiuth.fixture.Call;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionListenerTest {
    private static final String KEY = "sk_test_listener_key_0123456789";

    @Test
    void everyDecisionIsToldWithItsRealReasonAndTime() {
        List<Decision> seen = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        Qiuth qiuth = Qiuth.builder().keys(KeyPolicy.builder().id("k").apiKey(KEY).build()).minimalDisclosure(true)
                .listener((d, n) -> { seen.add(d); nanos.add(n); }).build();

        Decision granted = qiuth.authenticate(Call.get("http://h/a").header("X-API-Key", KEY).view());
        Decision denied = qiuth.authenticate(Call.get("http://h/a").header("X-API-Key", "wrong").view());
        Decision async = qiuth.authenticateAsync(Call.get("http://h/a").view()).toCompletableFuture().join();

        assertThat(seen).containsExactly(granted, denied, async);
        assertThat(((Decision.Denied) seen.get(1)).reason()).isEqualTo(ErrorCode.INVALID_API_KEY);
        assertThat(((Decision.Denied) seen.get(2)).reason()).isEqualTo(ErrorCode.MISSING_API_KEY);
        assertThat(nanos).allMatch(n -> n > 0);
    }

    @Test
    void aListenerThatThrowsChangesNothing() {
        Qiuth qiuth = Qiuth.builder().keys(KeyPolicy.builder().id("k").apiKey(KEY).build())
                .listener((d, n) -> { throw new IllegalStateException("boom"); }).build();

        assertThat(qiuth.authenticate(Call.get("http://h/a").header("X-API-Key", KEY).view()).granted()).isTrue();
    }
}
