package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemMapper;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.hl7.fhir.r4.model.OperationOutcome;
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
    private static final long DRAIN_TIMEOUT_MS = 10_000;

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
        if (problem.type() == ProblemType.INTERNAL) {
            LOG.atError().addKeyValue("requestId", requestId).setCause(failure).log("unexpected failure");
        } else if (problem.type() == ProblemType.UNAVAILABLE) {
            LOG.atWarn().addKeyValue("requestId", requestId)
                    .addKeyValue("cause", failure == null ? "-" : String.valueOf(failure.getCause()))
                    .log("dependency unavailable");
        } else {
            LOG.atDebug().addKeyValue("requestId", requestId).addKeyValue("problem", problem.type()).log("client error");
        }
        if (failure instanceof ProblemException pe && pe.wwwAuthenticate() != null) {
            response.putHeader("WWW-Authenticate", pe.wwwAuthenticate());
        }
        problem.retryAfterSeconds().ifPresent(s -> response.putHeader("Retry-After", Long.toString(s)));
        FhirFormat format;
        try {
            format = FhirFormat.answer(rc);
        } catch (ProblemException e) {
            format = FhirFormat.fromAccept(rc.request().getHeader("Accept"));
        }
        HttpServerRequest request = rc.request();
        OperationOutcome outcome = OperationOutcomes.of(problem, requestId);
        int status = OperationOutcomes.status(problem);
        FhirFormat answer = format;
        // A body left unread (too large, or refused before it was read) would wedge a keep-alive HTTP/1.x connection:
        // one of bounded declared size is drained first (the client has finished sending when it reads the answer),
        // anything else gets the answer and a close (as the JSON API's failure handler does).
        boolean unreadBody = !request.isEnded() && request.version() != HttpVersion.HTTP_2;
        long declared = declaredLength(request);
        if (declared < 0 && request.getHeader("Transfer-Encoding") == null) {
            declared = 0; // no body at all (a GET refused before its end was read): resume to its end, keep the connection
        }
        if (unreadBody && declared >= 0 && declared <= DRAIN_LIMIT) {
            long timer = rc.vertx().setTimer(DRAIN_TIMEOUT_MS, t -> request.connection().close());
            request.exceptionHandler(e -> rc.vertx().cancelTimer(timer));
            request.handler(chunk -> { });
            request.endHandler(v -> {
                rc.vertx().cancelTimer(timer);
                send(response, request, status, outcome, answer, false);
            });
            request.resume();
            return;
        }
        send(response, request, status, outcome, answer, unreadBody);
    }

    private void send(HttpServerResponse response, HttpServerRequest request, int status, OperationOutcome outcome,
                      FhirFormat format, boolean close) {
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", format.mediaType())
                .putHeader("Cache-Control", "no-store")
                .end(fhir.encodeNow(outcome, format))
                .onComplete(v -> {
                    if (close) {
                        request.connection().close();
                    }
                });
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
