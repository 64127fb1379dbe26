package dev.qiuth.state.redis;

import dev.qiuth.StoreUnavailableException;
import dev.qiuth.replay.ReplayGuard;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;

/**
 * A {@link ReplayGuard} shared by every node that uses the same Redis: a signed request accepted
 * by one node is refused by all others until its window ends.
 *
 * <p>One atomic {@code SET <prefix>r:<fingerprint> 1 NX PX <until - now>} per call ({@link RedisStateLayout}): Redis keeps the
 * fingerprint exactly as long as the request could be accepted (at least 1 ms), then forgets it,
 * so memory is bounded by the requests accepted within the longest {@code maxAge}. The key is the
 * prefix followed by the 32 raw fingerprint bytes (40 bytes with the default prefix). Relative
 * expiry means the nodes' clocks need not agree with Redis'.
 *
 * <p>Fail closed: when Redis does not answer within the command timeout, or refuses the command
 * while disconnected, {@link #firstUse} throws {@link StoreUnavailableException} and the engine
 * answers 503. There is no fail-open option here: forgetting would let a replay through.
 *
 * <pre>{@code
 * try (RedisState redis = RedisState.connect(RedisStateConfig.builder("redis://127.0.0.1:6379").build())) {
 *     Qiuth qiuth = Qiuth.builder().keys(policy).replayGuard(redis.replayGuard()).build();
 * }
 * }</pre>
 */
public final class RedisReplayGuard implements ReplayGuard {
    private static final String COMPONENT = "replay guard";

    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final RedisStateLayout layout;
    private final BoundedWait wait;
    private final OutageLog outages;

    RedisReplayGuard(RedisClusterAsyncCommands<byte[], byte[]> commands, RedisStateConfig config) {
        this.commands = commands;
        this.layout = new RedisStateLayout(config.keyPrefix());
        this.wait = new BoundedWait(config.commandTimeout(), COMPONENT);
        this.outages = new OutageLog(COMPONENT, config.clock(), config.logInterval());
    }

    @Override
    public boolean firstUse(byte[] fingerprint, Instant until, Instant now) {
        byte[] key = layout.replayKey(fingerprint);
        long ttlMs = RedisStateLayout.replayTtlMillis(until, now);
        String reply;
        try {
            reply = wait.await(commands.set(key, RedisStateLayout.REPLAY_VALUE, SetArgs.Builder.nx().px(ttlMs)));
        } catch (StoreUnavailableException e) {
            outages.failed(e, "requests refused with 503");
            throw e;
        }
        outages.answered();
        return reply != null;
    }

    @Override
    public String toString() {
        return "RedisReplayGuard[prefix=" + layout.keyPrefix() + "]";
    }
}
