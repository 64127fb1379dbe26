package dev.qiuth.quarkus;

import dev.qiuth.Decision;
import dev.qiuth.DecisionListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An application's decision listener (QiuthMetrics on Quarkus' MeterRegistry, say): the configured engine must tell it. */
@Singleton
public class RecordingDecisionListener implements DecisionListener {
    private final List<String> reasons = new CopyOnWriteArrayList<>();

    @Override
    public void onDecision(Decision decision, long elapsedNanos) {
        reasons.add(decision instanceof Decision.Denied d ? d.reason().name() : "GRANTED");
    }

    List<String> reasons() {
        return List.copyOf(reasons);
    }
}
