package dev.qiuth.store.postgres;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs database failures at most once per interval: an outage under load would otherwise write
 * one line per request. Logs the exception class and SQLState only, never the driver's message,
 * which may quote a connection string or a value.
 */
final class OutageLog {
    private final Logger log;
    private final Clock clock;
    private final Duration interval;
    private Instant lastLogged;
    private long suppressed;

    OutageLog(Logger log, Clock clock, Duration interval) {
        this.log = log;
        this.clock = clock;
        this.interval = interval;
    }

    synchronized void failed(String operation, SQLException e) {
        problem(operation + " failed: " + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState());
    }

    synchronized void problem(String description) {
        Instant now = clock.instant();
        if (lastLogged != null && now.isBefore(lastLogged.plus(interval))) {
            suppressed++;
            return;
        }
        log.warn("PostgreSQL key store: {} ({} similar problems not logged in the last {} s)", description, suppressed,
                interval.toSeconds());
        lastLogged = now;
        suppressed = 0;
    }
}
