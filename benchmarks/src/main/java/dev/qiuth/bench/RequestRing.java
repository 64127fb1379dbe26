package dev.qiuth.bench;

import dev.qiuth.Decision;
import dev.qiuth.Qiuth;
import dev.qiuth.RequestView;
import java.util.function.Supplier;

/**
 * Distinct signed requests, presented in turn to an engine that has not seen them yet.
 *
 * <p>Every signed request may be accepted once: a second time its replay guard refuses it, by
 * design, and its timestamp expires exactly when its guard entry would. So the benchmark signs
 * a ring of distinct requests once (signing is not what is measured) and, each time the ring
 * comes round, judges it with a fresh engine: a new default engine, with a new default
 * {@code InMemoryReplayGuard}, over the same key store and clock. The guard then never holds more
 * than one ring of entries and never fills; building the engine costs well under a nanosecond
 * per request once spread over the ring.
 *
 * <pre>{@code
 * RequestRing ring = new RequestRing(requests, () -> Qiuth.builder().keyStore(store).clock(clock).build());
 * Decision d = ring.authenticateNext();
 * }</pre>
 */
final class RequestRing {
    private final RequestView[] requests;
    private final Supplier<Qiuth> engines;
    private Qiuth engine;
    private int next;

    RequestRing(RequestView[] requests, Supplier<Qiuth> engines) {
        if (requests.length == 0) {
            throw new IllegalArgumentException("a ring needs at least one request");
        }
        this.requests = requests.clone();
        this.engines = engines;
        this.engine = engines.get();
    }

    /** Judges the next request of the ring. */
    Decision authenticateNext() {
        if (next == requests.length) {
            engine = engines.get();
            next = 0;
        }
        return engine.authenticate(requests[next++]);
    }

    /** Judges a request no engine of this ring has seen, with an engine of its own. */
    Decision authenticateAlone(RequestView request) {
        return engines.get().authenticate(request);
    }

    int size() {
        return requests.length;
    }
}
