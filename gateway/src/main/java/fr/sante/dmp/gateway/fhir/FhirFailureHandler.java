package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemMapper;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.gateway.problem.FailureAnswers;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR face's one failure handler: the failure becomes the same {@link Problem} as on the JSON API
 * ({@link ProblemMapper}), answered as an OperationOutcome in the negotiated format. Logs carry the request id and the
 * problem type, never the request's values.
 */
final class FhirFailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FhirFailureHandler.class);

    /** Refused bodies up to this declared size are drained rather than cut off. */
    private static final long DRAIN_LIMIT = FhirFace.BODY_LIMIT + 8L * 1024 * 1024;

    private final Fhir fhir;

    FhirFailureHandler(Fhir fhir) {
        this.fhir = fhir;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            LOG.atWarn().addKeyValue("requestId", RequestIdHandler.of(rc)).log("failure after the response started");
            response.reset();
            return;
        }
        Throwable failure = rc.failure();
        Problem problem = ProblemMapper.map(failure, rc.statusCode());
        if (problem.type() == ProblemType.PAYLOAD_TOO_LARGE) {
            problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "the request body exceeds " + (FhirFace.BODY_LIMIT >> 20) + " MiB");
        }
        String requestId = RequestIdHandler.of(rc);
        FailureAnswers.log(LOG, problem, failure, requestId);
        FailureAnswers.problemHeaders(response, problem, failure);
        FhirFormat format;
        try {
            format = FhirFormat.answer(rc);
        } catch (ProblemException e) {
            format = FhirFormat.fromAccept(rc.request().getHeader("Accept"));
        }
        // A GET refused before its end was read has no body: read to its end, the connection kept.
        FailureAnswers.answer(rc, OperationOutcomes.status(problem), format.mediaType(),
                fhir.encodeNow(OperationOutcomes.of(problem, requestId), format), DRAIN_LIMIT, true);
    }
}
