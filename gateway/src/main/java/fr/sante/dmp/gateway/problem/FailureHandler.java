package fr.sante.dmp.gateway.problem;

import fr.sante.dmp.problem.AllowedMethods;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemMapper;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become {@code application/problem+json} responses. */
public final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
    /** Refused bodies up to this declared size are drained rather than cut off (the documents limit is 20 MiB). */
    private static final long DRAIN_LIMIT = 32L * 1024 * 1024;
    private static final long DRAIN_TIMEOUT_MS = 10_000;

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
        if (problem.type().status() == 405) {
            String allow = allowed.allow(rc.request().path());
            if (!allow.isEmpty()) {
                response.putHeader("Allow", allow);
            }
        }
        problem.retryAfterSeconds().ifPresent(s -> response.putHeader("Retry-After", Long.toString(s)));
        rc.put(ProblemType.ANSWERED, problem.type()); // counted by type at the end (HttpRequestMetrics)
        // A body left unread (too large, or refused before it was read) would wedge a keep-alive HTTP/1.x
        // connection: the client is still sending it. A body of bounded declared size is drained and discarded, so
        // the client has finished sending when it reads the answer (answering mid-upload then closing races with
        // the client's write and it may see a reset instead of the answer); anything else gets the answer and a close.
        HttpServerRequest request = rc.request();
        boolean unreadBody = !request.isEnded() && request.version() != HttpVersion.HTTP_2;
        long declared = declaredLength(request);
        if (unreadBody && declared >= 0 && declared <= DRAIN_LIMIT) {
            long timer = rc.vertx().setTimer(DRAIN_TIMEOUT_MS, t -> request.connection().close());
            request.exceptionHandler(e -> rc.vertx().cancelTimer(timer));
            request.handler(chunk -> { });
            request.endHandler(v -> {
                rc.vertx().cancelTimer(timer);
                send(response, problem, requestId, false, request);
            });
            request.resume();
            return;
        }
        send(response, problem, requestId, unreadBody, request);
    }

    private static void send(HttpServerResponse response, Problem problem, String requestId, boolean close,
            HttpServerRequest request) {
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(problem.type().status())
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store")
                .end(problem.toJson(requestId).encode())
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
