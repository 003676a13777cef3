package fr.sante.dmp.pwa.session;

import fr.sante.dmp.pwa.login.RateLimiter;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.web.Views;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Throttle of the signed-in patient API, per session (a script reading a record 300 times in 1.6 s is stopped; an app
 * is not): {@code limit} calls per {@code window}, shared by every instance through Redis, then 429 with
 * {@code Retry-After}. Runs after the bearer check. Redis failing fails the request (503): the session could not be
 * checked either.
 */
public final class SessionThrottle implements Handler<RoutingContext> {

    private final RateLimiter limiter;
    private final int limit;
    private final Duration window;

    public SessionThrottle(RateLimiter limiter, int limit, Duration window) {
        this.limiter = limiter;
        this.limit = limit;
        this.window = window;
    }

    @Override
    public void handle(RoutingContext ctx) {
        PatientSession session = ctx.get(PatientSession.CONTEXT_KEY);
        // The key is the session id's hash, like the session's own key: Redis holds no usable token.
        limiter.hit("pwa:rl:s:" + Hmac.sha256(session.id()), limit, window).onSuccess(o -> {
            if (o.allowed()) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("Retry-After", Long.toString(seconds(o.retryAfter())));
            Views.problem(ctx, 429, "rate-limited", "Too many requests", null,
                    "at most " + limit + " calls per " + window.toSeconds() + " s per session; retry after the delay");
        }).onFailure(ctx::fail);
    }

    /** Whole seconds, rounded up, at least 1: a client retrying at once would only be refused again. */
    public static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
