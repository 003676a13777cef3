package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimitHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate limit and the distinct-patient quota of every operation on a patient, in one Redis call: those that name
 * the patient in their path ({@code {ins}}: lists, deposits, break-glass, care contexts, care history, directives)
 * run it as a handler before the body is read; a read by document id, which names no patient, is
 * {@linkplain #count counted} once the store has said whose record it is and before its content is sent. 429
 * {@code rate-limited} when the caller's bucket is empty (the patient is then not counted), else 429
 * {@code patient-quota-exceeded} when a professional opens more distinct patients today than the quota.
 *
 * <p>When Redis cannot answer: reads ({@code failOpen}) keep serving care, under this instance's own rate limit and
 * quota ({@link LocalGuard}), never without them; writes fail closed (503), as they always did.
 */
public final class PatientQuotaHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(PatientQuotaHandler.class);
    private final RateLimiter limiter;
    private final LocalGuard local;
    private final PatientQuota quota;
    private final boolean failOpen;
    private final java.util.function.Function<RoutingContext, String> patientOf;

    public PatientQuotaHandler(RateLimiter limiter, LocalGuard local, PatientQuota quota, boolean failOpen) {
        this(limiter, local, quota, failOpen, rc -> rc.pathParam("ins"));
    }

    private PatientQuotaHandler(RateLimiter limiter, LocalGuard local, PatientQuota quota, boolean failOpen,
                                java.util.function.Function<RoutingContext, String> patientOf) {
        this.limiter = limiter;
        this.local = local;
        this.quota = quota;
        this.failOpen = failOpen;
        this.patientOf = patientOf;
    }

    /**
     * The same limit and quota (same buckets, same counters, same fallback) for requests that name their patient
     * elsewhere than in the path (the FHIR face's search parameters): {@code patientOf} answers the INS, or null when
     * there is none to count (the handler behind refuses the request then).
     */
    public PatientQuotaHandler namingPatientBy(java.util.function.Function<RoutingContext, String> patientOf) {
        return new PatientQuotaHandler(limiter, local, quota, failOpen, patientOf);
    }

    @Override
    public void handle(RoutingContext rc) {
        Caller caller = AuthenticationHandler.caller(rc);
        Optional<RateLimiter.QuotaClaim> claim = professional(caller).flatMap(rpps -> {
            try {
                return Optional.of(quota.claim(rpps, Ins.parse(patientOf.apply(rc))));
            } catch (InvalidIdentifierException | NullPointerException e) {
                return Optional.empty(); // a malformed INS is refused by the contract, next; it reaches no record
            }
        });
        verdict(rc, caller, claim, 1).onSuccess(v -> rc.next()).onFailure(rc::fail);
    }

    /**
     * Counts the patient of a record a professional is about to read by document id (no token taken: the request
     * took its own). Fails with the 429 to answer instead of the content.
     */
    public Future<Void> count(RoutingContext rc, byte[] insHash) {
        Caller caller = AuthenticationHandler.caller(rc);
        Optional<String> rpps = professional(caller);
        if (rpps.isEmpty() || insHash.length == 0) {
            return Future.succeededFuture();
        }
        return verdict(rc, caller, Optional.of(quota.claim(rpps.get(), insHash)), 0).mapEmpty();
    }

    /**
     * Counts the patient a request names in its body (an ITI-65 bundle's subject), once the body is read and before
     * anything is stored (no token taken: the request took its own). Fails with the 429 to answer instead.
     */
    public Future<Void> count(RoutingContext rc, Ins ins) {
        Caller caller = AuthenticationHandler.caller(rc);
        Optional<String> rpps = professional(caller);
        if (rpps.isEmpty()) {
            return Future.succeededFuture();
        }
        return verdict(rc, caller, Optional.of(quota.claim(rpps.get(), ins)), 0).mapEmpty();
    }

    private static Optional<String> professional(Caller caller) {
        return caller.professional().map(p -> p.rpps().value());
    }

    /** Succeeds when the request may go on, fails with the problem to answer. */
    private Future<RateLimiter.Verdict> verdict(RoutingContext rc, Caller caller,
            Optional<RateLimiter.QuotaClaim> claim, int cost) {
        String clientKey = caller.rateKey();
        String rpps = professional(caller).orElse("-");
        return limiter.acquire(clientKey, claim, cost)
                .map(v -> {
                    if (v.allowed() && v.quota() == RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED) {
                        claim.ifPresent(local::mirror); // the count goes on from here if Redis goes down
                    }
                    return judged(rc, v, rpps, false);
                })
                .recover(e -> {
                    if (e instanceof ProblemException) {
                        return Future.failedFuture(e);
                    }
                    LOG.atWarn().addKeyValue("requestId", RequestIdHandler.of(rc)).addKeyValue("error", e.toString())
                            .addKeyValue("failOpen", failOpen)
                            .log(failOpen ? "rate limiter and patient quota unavailable; this instance's own apply (fallback)"
                                    : "rate limiter and patient quota unavailable; write refused");
                    if (!failOpen) {
                        return Future.failedFuture(new ProblemException(new Problem(ProblemType.UNAVAILABLE,
                                "the rate limiter is unavailable; retry later", Optional.empty(), Optional.empty(),
                                Optional.of(5L))));
                    }
                    try {
                        return Future.succeededFuture(judged(rc, local.acquire(clientKey, claim, cost), rpps, true));
                    } catch (ProblemException refused) {
                        return Future.failedFuture(refused);
                    }
                });
    }

    /** The verdict if it lets the request go on; else throws the 429 (and alerts at the quota's first refusal). */
    private RateLimiter.Verdict judged(RoutingContext rc, RateLimiter.Verdict v, String rpps, boolean fallback) {
        if (!v.allowed()) {
            throw RateLimitHandler.refusal(v);
        }
        if (v.quota() == RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED) {
            return v;
        }
        if (v.quota() == RateLimiter.Quota.REFUSED_FIRST_TIME_TODAY) {
            // The alert: who (the professional, never the patient) and which limit.
            LOG.atWarn().addKeyValue("alert", "distinct-patient-quota")
                    .addKeyValue("rpps", rpps)
                    .addKeyValue("quota", quota.perDay())
                    .addKeyValue("counter", fallback ? "local" : "redis")
                    .addKeyValue("requestId", RequestIdHandler.of(rc))
                    .log("professional reached the daily quota of distinct patients; further new patients refused");
        }
        throw new ProblemException(new Problem(ProblemType.PATIENT_QUOTA_EXCEEDED,
                "this professional has opened " + quota.perDay()
                        + " distinct patients today; new patients are refused until midnight UTC",
                Optional.empty(), Optional.empty(), Optional.of(quota.secondsToReset())));
    }
}
