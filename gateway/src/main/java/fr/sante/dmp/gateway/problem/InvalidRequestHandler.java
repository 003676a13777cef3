package fr.sante.dmp.gateway.problem;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemType;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;

/**
 * Requests the HTTP decoder refused before any route saw them (request line over 4 KiB, headers over 8 KiB,
 * garbage): answered with a problem document like every other error, not Vert.x's empty 414/431/400 (found by
 * schemathesis: an over-long query parameter got an empty 414 without a content type). The connection is closed.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {

    @Override
    public void handle(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        ProblemType type = cause instanceof TooLongHttpLineException ? ProblemType.URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException
                        ? ProblemType.HEADERS_TOO_LARGE
                        : ProblemType.MALFORMED_BODY;
        String detail = switch (type) {
            case URI_TOO_LONG -> "the request line exceeds 4096 bytes";
            case HEADERS_TOO_LARGE -> "the request headers exceed 8192 bytes";
            default -> "the request cannot be parsed as HTTP";
        };
        String requestId = UUID.randomUUID().toString();
        request.response()
                .setStatusCode(type.status())
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Connection", "close")
                .putHeader(RequestIdHandler.HEADER, requestId)
                .end(Problem.of(type, detail).toJson(requestId).encode())
                .onComplete(v -> request.connection().close());
    }
}
