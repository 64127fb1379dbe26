package dev.qiuth.state.redis;

import dev.qiuth.Decision;
import dev.qiuth.ErrorCode;
import dev.qiuth.Qiuth;
import dev.qiuth.ratelimit.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/** Engines as two nodes behind a load balancer would build them, each over its own connection. */
final class Engines {
    static final Clock ENGINE_CLOCK = Clock.fixed(SignedRequests.SIGNED_AT.plusSeconds(1), ZoneOffset.UTC);
    static final RateLimit THREE_FAILURES_PER_MINUTE = RateLimit.of(3, Duration.ofMinutes(1));

    private Engines() {
    }

    static Qiuth node(RedisState redis, SignedRequests requests) {
        return node(redis, requests, ENGINE_CLOCK);
    }

    static Qiuth node(RedisState redis, SignedRequests requests, Clock clock) {
        return Qiuth.builder().keys(requests.policy).clock(clock)
                .replayGuard(redis.replayGuard()).rateLimiter(redis.rateLimiter())
                .failureLimit(THREE_FAILURES_PER_MINUTE)
                .build();
    }

    /** The reason of a denial, or null when granted. */
    static ErrorCode reason(Decision d) {
        return d instanceof Decision.Denied denied ? denied.reason() : null;
    }
}
