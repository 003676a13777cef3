package fr.sante.dmp.pwa.login;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;

/**
 * Fixed-window counters in Redis, shared by every gateway instance. One atomic script: increment, start the window on
 * the first hit, return the count and the time left.
 */
public final class AttemptWindows {

    private static final String HIT = "local n = redis.call('INCR', KEYS[1]) "
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "local ttl = redis.call('PTTL', KEYS[1]) "
            + "if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end "
            + "return {n, ttl}";

    /** Whether this hit is within the limit, when the window ends, and how many hits the window has counted. */
    public record Outcome(boolean allowed, Duration retryAfter, long count) {
        /** The first hit refused in this window: where a lock starts (and is told, once). */
        public boolean firstRefused(int limit) {
            return count == limit + 1L;
        }
    }

    private final RedisAPI redis;

    public AttemptWindows(RedisAPI redis) {
        this.redis = redis;
    }

    public Future<Outcome> hit(String key, int limit, Duration window) {
        return redis.eval(List.of(HIT, "1", key, Long.toString(window.toMillis()))).map(r -> {
            long count = r.get(0).toLong();
            long ttl = r.get(1).toLong();
            return new Outcome(count <= limit, Duration.ofMillis(Math.max(ttl, 0)), count);
        });
    }
}
