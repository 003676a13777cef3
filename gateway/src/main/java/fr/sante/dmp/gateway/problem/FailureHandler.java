package fr.sante.dmp.gateway.problem;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become {@code application/problem+json} responses. */
public final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

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
        problem.retryAfterSeconds().ifPresent(s -> response.putHeader("Retry-After", Long.toString(s)));
        // A body left unread (too large, or refused before it was read) would wedge a keep-alive HTTP/1.x
        // connection: the client is still sending it. Close that connection after the answer instead of draining.
        boolean unreadBody = !rc.request().isEnded() && rc.request().version() != HttpVersion.HTTP_2;
        if (unreadBody) {
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(problem.type().status())
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store")
                .end(problem.toJson(requestId).encode())
                .onComplete(v -> {
                    if (unreadBody) {
                        rc.request().connection().close();
                    }
                });
    }
}
