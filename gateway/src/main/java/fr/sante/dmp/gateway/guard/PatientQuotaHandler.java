package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.gateway.problem.Problem;
import fr.sante.dmp.gateway.problem.ProblemException;
import fr.sante.dmp.gateway.problem.ProblemType;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimitHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate limit and the distinct-patient quota of the read operations that name a patient ({@code {ins}} in the
 * path), in one Redis call: 429 {@code rate-limited} when the caller's bucket is empty (the patient is then not
 * counted), else 429 {@code patient-quota-exceeded} when a professional opens more distinct patients today than the
 * quota. Runs after authentication and scope, in place of the {@link RateLimitHandler} of other operations. When
 * Redis cannot answer it lets the request through, as the rate limiter does for every read: a clinician is not refused
 * a record because the counter's store is down, and every read is still consent-checked and audited (the audit is
 * where a bulk read during the outage would be found).
 */
public final class PatientQuotaHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(PatientQuotaHandler.class);
    private final RateLimiter limiter;
    private final PatientQuota quota;
    private final java.util.function.Function<RoutingContext, String> patientOf;

    public PatientQuotaHandler(RateLimiter limiter, PatientQuota quota) {
        this(limiter, quota, rc -> rc.pathParam("ins"));
    }

    private PatientQuotaHandler(RateLimiter limiter, PatientQuota quota,
                                java.util.function.Function<RoutingContext, String> patientOf) {
        this.limiter = limiter;
        this.quota = quota;
        this.patientOf = patientOf;
    }

    /**
     * The same limit and quota (same buckets, same counters) for requests that name their patient elsewhere than in
     * the path (the FHIR face's search parameters): {@code patientOf} answers the INS, or null when there is none to
     * count (the handler behind refuses the request then).
     */
    public PatientQuotaHandler namingPatientBy(java.util.function.Function<RoutingContext, String> patientOf) {
        return new PatientQuotaHandler(limiter, quota, patientOf);
    }

    @Override
    public void handle(RoutingContext rc) {
        String ins = patientOf.apply(rc);
        Caller caller = AuthenticationHandler.caller(rc);
        String professional = ins == null || caller.professional().isEmpty() ? null
                : caller.professional().get().rpps().value();
        limiter.acquire(caller.rateKey(), professional == null ? Optional.empty()
                        : Optional.of(quota.claim(professional, ins)))
                .onSuccess(v -> {
                    if (!v.allowed()) {
                        rc.fail(RateLimitHandler.refusal(v));
                        return;
                    }
                    if (v.quota() == RateLimiter.Quota.NOT_COUNTED_OR_ALLOWED) {
                        rc.next();
                        return;
                    }
                    if (v.quota() == RateLimiter.Quota.REFUSED_FIRST_TIME_TODAY) {
                        // The alert: who (the professional, never the patient) and which limit.
                        LOG.atWarn().addKeyValue("alert", "distinct-patient-quota").addKeyValue("rpps", professional)
                                .addKeyValue("quota", quota.perDay())
                                .addKeyValue("requestId", RequestIdHandler.of(rc))
                                .log("professional reached the daily quota of distinct patients; further new patients refused");
                    }
                    long seconds = quota.secondsToReset();
                    rc.fail(new ProblemException(new Problem(ProblemType.PATIENT_QUOTA_EXCEEDED,
                            "this professional has opened " + quota.perDay()
                                    + " distinct patients today; new patients are refused until midnight UTC",
                            Optional.empty(), Optional.empty(), Optional.of(seconds))));
                })
                .onFailure(e -> {
                    LOG.atWarn().addKeyValue("requestId", RequestIdHandler.of(rc)).addKeyValue("error", e.toString())
                            .log("rate limiter and patient quota unavailable; read let through (fail open, audited)");
                    rc.next();
                });
    }
}
