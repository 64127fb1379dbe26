package dev.qiuth.state.redis.quarkus;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.replay.ReplayGuard;
import dev.qiuth.state.redis.OutageLog;
import dev.qiuth.state.redis.RedisStateConfig;
import dev.qiuth.state.redis.RedisStateLayout;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;

/**
 * A {@link ReplayGuard} shared through Redis on Quarkus' Vert.x Redis client, with the keys of
 * {@code qiuth-state-redis} ({@link RedisStateLayout}): a signed request accepted by any node,
 * Quarkus or Lettuce, is refused by every other until its window ends. One atomic
 * {@code SET <prefix>r:<fingerprint> 1 NX PX <until - now>} per call.
 *
 * <p>Fail closed, always: no answer within the command timeout throws
 * {@link StoreUnavailableException} (503). Blocks its caller: call it from a worker thread.
 *
 * <pre>{@code
 * VertxRedisState redis = VertxRedisState.connect(vertx, RedisStateConfig.builder("redis://10.0.0.5:6379").build());
 * Qiuth qiuth = Qiuth.builder().keys(policy).replayGuard(redis.replayGuard()).build();
 * }</pre>
 */
public final class VertxReplayGuard implements ReplayGuard {
    static final String COMPONENT = "replay guard";

    private final BoundedSend redis;
    private final RedisStateLayout layout;
    private final OutageLog outages;

    VertxReplayGuard(Redis client, RedisStateConfig config) {
        this.redis = new BoundedSend(client, config.commandTimeout(), COMPONENT);
        this.layout = new RedisStateLayout(config.keyPrefix());
        this.outages = new OutageLog(COMPONENT, config.clock(), config.logInterval());
    }

    @Override
    public boolean firstUse(byte[] fingerprint, Instant until, Instant now) {
        Request set = Request.cmd(Command.SET)
                .arg(layout.replayKey(fingerprint))
                .arg(RedisStateLayout.REPLAY_VALUE)
                .arg("NX")
                .arg("PX")
                .arg(RedisStateLayout.replayTtlMillis(until, now));
        boolean stored;
        try {
            stored = redis.send(set) != null; // OK when set, nil when the key was there
        } catch (StoreUnavailableException e) {
            outages.failed(e, "requests refused with 503");
            throw e;
        }
        outages.answered();
        return stored;
    }

    @Override
    public String toString() {
        return "VertxReplayGuard[prefix=" + layout.keyPrefix() + "]";
    }
}
