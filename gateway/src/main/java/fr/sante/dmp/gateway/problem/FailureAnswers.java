package fr.sante.dmp.gateway.problem;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;

/**
 * What every failure handler does alike, whatever the answer's format (problem+json on the JSON API, an
 * OperationOutcome on the FHIR face): log the problem by its type with the request id and never the request's values,
 * set the headers the problem carries, and answer without wedging a connection whose body was not read.
 */
public final class FailureAnswers {
    private static final long DRAIN_TIMEOUT_MS = 10_000;

    private FailureAnswers() {
    }

    /** An internal failure with its cause, an unavailable dependency with its cause's name, a client error quietly. */
    public static void log(Logger log, Problem problem, Throwable failure, String requestId) {
        if (problem.type() == ProblemType.INTERNAL) {
            log.atError().addKeyValue("requestId", requestId).setCause(failure).log("unexpected failure");
        } else if (problem.type() == ProblemType.UNAVAILABLE) {
            log.atWarn().addKeyValue("requestId", requestId)
                    .addKeyValue("cause", failure == null ? "-" : String.valueOf(failure.getCause()))
                    .log("dependency unavailable");
        } else {
            log.atDebug().addKeyValue("requestId", requestId).addKeyValue("problem", problem.type()).log("client error");
        }
    }

    /** {@code WWW-Authenticate} of a refused token, {@code Retry-After} of a limit. */
    public static void problemHeaders(HttpServerResponse response, Problem problem, Throwable failure) {
        if (failure instanceof ProblemException pe && pe.wwwAuthenticate() != null) {
            response.putHeader("WWW-Authenticate", pe.wwwAuthenticate());
        }
        problem.retryAfterSeconds().ifPresent(s -> response.putHeader("Retry-After", Long.toString(s)));
    }

    /**
     * Answers {@code body} once the request's body is out of the way. A body left unread (too large, or refused before
     * it was read) would wedge a keep-alive HTTP/1.x connection: the client is still sending it. A body of bounded
     * declared size is drained and discarded, so the client has finished sending when it reads the answer (answering
     * mid-upload then closing races with the client's write and it may see a reset instead of the answer); anything
     * else gets the answer and a close.
     *
     * @param drainLimit         the largest declared body drained
     * @param noLengthIsNoBody   a request with neither {@code Content-Length} nor {@code Transfer-Encoding} has no body:
     *                           read it to its end and keep the connection
     */
    public static void answer(RoutingContext rc, int status, String contentType, Buffer body, long drainLimit,
                              boolean noLengthIsNoBody) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        boolean unreadBody = !request.isEnded() && request.version() != HttpVersion.HTTP_2;
        long declared = declaredLength(request);
        if (noLengthIsNoBody && declared < 0 && request.getHeader("Transfer-Encoding") == null) {
            declared = 0;
        }
        if (unreadBody && declared >= 0 && declared <= drainLimit) {
            long timer = rc.vertx().setTimer(DRAIN_TIMEOUT_MS, t -> request.connection().close());
            request.exceptionHandler(e -> rc.vertx().cancelTimer(timer));
            request.handler(chunk -> { });
            request.endHandler(v -> {
                rc.vertx().cancelTimer(timer);
                send(response, request, status, contentType, body, false);
            });
            request.resume();
            return;
        }
        send(response, request, status, contentType, body, unreadBody);
    }

    private static void send(HttpServerResponse response, HttpServerRequest request, int status, String contentType,
                             Buffer body, boolean close) {
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-store")
                .end(body)
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
