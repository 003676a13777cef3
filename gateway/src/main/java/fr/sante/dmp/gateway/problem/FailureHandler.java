package fr.sante.dmp.gateway.problem;

import fr.sante.dmp.problem.AllowedMethods;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemMapper;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become {@code application/problem+json} responses. */
public final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
    /** Refused bodies up to this declared size are drained rather than cut off (the documents limit is 20 MiB). */
    private static final long DRAIN_LIMIT = 32L * 1024 * 1024;

    private final AllowedMethods allowed;

    public FailureHandler() {
        this(AllowedMethods.NONE);
    }

    /** @param allowed what a 405 names in its {@code Allow} header */
    public FailureHandler(AllowedMethods allowed) {
        this.allowed = allowed;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            // Too late for a problem document; the client sees a truncated response and the log says why.
            LOG.atWarn().addKeyValue("requestId", RequestIdHandler.of(rc)).setCause(rc.failure())
                    .log("failure after the response started");
            response.reset();
            return;
        }
        Throwable failure = rc.failure();
        Problem problem = ProblemMapper.map(failure, rc.statusCode());
        String requestId = RequestIdHandler.of(rc);
        FailureAnswers.log(LOG, problem, failure, requestId);
        FailureAnswers.problemHeaders(response, problem, failure);
        if (problem.type().status() == 405) {
            String allow = allowed.allow(rc.request().path());
            if (!allow.isEmpty()) {
                response.putHeader("Allow", allow);
            }
        }
        rc.put(ProblemType.ANSWERED, problem.type()); // counted by type at the end (HttpRequestMetrics)
        FailureAnswers.answer(rc, problem.type().status(), "application/problem+json",
                Buffer.buffer(problem.toJson(requestId).encode()), DRAIN_LIMIT, false);
    }
}
