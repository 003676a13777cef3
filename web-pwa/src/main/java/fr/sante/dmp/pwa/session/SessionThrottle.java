package fr.sante.dmp.pwa.session;

import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.web.PageRenderer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;

/**
 * Throttle of the signed-in patient API, per session: at most {@code burst} calls in any one-second window and
 * {@code limit} calls per {@code window} (50 per second and 600 per minute by default). A script reading a record in a
 * loop (300 reads in 1.6 s) is stopped after its burst and then held to 10 calls a second on average; an app's
 * screens, and the gateway's tests that drive one session through dozens of calls in a second, are not. Both counters move in one atomic Redis
 * script, shared by every instance, then 429 with {@code Retry-After}. Runs after the bearer check. Redis failing
 * fails the request (503): the session could not be checked either.
 */
public final class SessionThrottle implements Handler<RoutingContext> {

    // Two fixed windows, one round trip; both keys share a hash tag so that Redis Cluster keeps them on one slot.
    private static final String HIT = "local out = {} "
            + "for i = 1, 2 do "
            + "local n = redis.call('INCR', KEYS[i]) "
            + "if n == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[i]) end "
            + "local ttl = redis.call('PTTL', KEYS[i]) "
            + "if ttl < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[i]) ttl = tonumber(ARGV[i]) end "
            + "out[2 * i - 1] = n out[2 * i] = ttl end "
            + "return out";

    private final RedisAPI redis;
    private final int burst;
    private final int limit;
    private final Duration window;

    public SessionThrottle(RedisAPI redis, int burst, int limit, Duration window) {
        this.redis = redis;
        this.burst = burst;
        this.limit = limit;
        this.window = window;
    }

    @Override
    public void handle(RoutingContext ctx) {
        PatientSession session = ctx.get(PatientSession.CONTEXT_KEY);
        // The key is the session id's hash, like the session's own key: Redis holds no usable token.
        String tag = "pwa:rl:s:{" + Hmac.sha256(session.id()) + "}";
        redis.eval(List.of(HIT, "2", tag + ":1s", tag + ":w", "1000", Long.toString(window.toMillis())))
                .onSuccess(r -> {
                    long second = r.get(0).toLong();
                    long inWindow = r.get(2).toLong();
                    if (second <= burst && inWindow <= limit) {
                        ctx.next();
                        return;
                    }
                    long retry = inWindow > limit ? r.get(3).toLong() : r.get(1).toLong();
                    ctx.response().putHeader("Retry-After", Long.toString(seconds(Duration.ofMillis(Math.max(0, retry)))));
                    PageRenderer.problem(ctx, ProblemType.RATE_LIMITED, null, "at most " + burst
                            + " calls per second and " + limit + " per " + window.toSeconds()
                            + " s per session; retry after the delay");
                }).onFailure(ctx::fail);
    }

    /** Whole seconds, rounded up, at least 1: a client retrying at once would only be refused again. */
    public static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
