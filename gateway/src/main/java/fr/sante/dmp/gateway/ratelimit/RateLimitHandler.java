package fr.sante.dmp.gateway.ratelimit;

import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 429 with {@code Retry-After} when the caller's bucket is empty. Runs after authentication (keyed by RPPS/client). */
public final class RateLimitHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitHandler.class);

    private final RateLimiter limiter;
    private final Optional<LocalGuard> fallback;
    private final boolean failOpen;

    /**
     * @param fallback what to do when Redis cannot answer. Professional reads go on under this instance's own rate
     *                 limit ({@link LocalGuard}): refusing a clinician the record because the throttle's store is
     *                 down costs more, but an outage must not lift the limit. Empty: writes and admin operations
     *                 fail closed (503).
     */
    public RateLimitHandler(RateLimiter limiter, Optional<LocalGuard> fallback) {
        this.limiter = limiter;
        this.fallback = fallback;
        this.failOpen = fallback.isPresent();
    }

    /** The 429 of a refused verdict, with the whole seconds to wait. */
    public static ProblemException refusal(RateLimiter.Verdict v) {
        long seconds = Math.max(1, (v.retryAfterMillis() + 999) / 1000);
        return new ProblemException(new Problem(ProblemType.RATE_LIMITED,
                "too many requests from this client; retry after " + seconds + " s",
                Optional.empty(), Optional.empty(), Optional.of(seconds)));
    }

    @Override
    public void handle(RoutingContext rc) {
        String clientKey = AuthenticationHandler.caller(rc).rateKey();
        limiter.acquire(clientKey)
                .onSuccess(v -> {
                    if (v.allowed()) {
                        rc.next();
                    } else {
                        rc.fail(refusal(v));
                    }
                })
                .onFailure(e -> {
                    LOG.atWarn().addKeyValue("requestId", RequestIdHandler.of(rc)).addKeyValue("failOpen", failOpen)
                            .addKeyValue("error", e.toString()).log("rate limiter unavailable");
                    if (failOpen) {
                        RateLimiter.Verdict v = fallback.get().acquire(clientKey, Optional.empty(), 1);
                        if (v.allowed()) {
                            rc.next();
                        } else {
                            rc.fail(refusal(v));
                        }
                    } else {
                        rc.fail(new ProblemException(new Problem(ProblemType.UNAVAILABLE,
                                "the rate limiter is unavailable; retry later", Optional.empty(), Optional.empty(),
                                Optional.of(5L))));
                    }
                });
    }
}
