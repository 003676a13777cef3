package fr.sante.dmp.gateway.api;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /feed/care-history: the insurer's NDJSON streamed into the store as it arrives. No body handler runs on this
 * route (the request is still paused by authentication): the service reads the request itself, with back-pressure and
 * constant memory, and decides who may feed (category {@code insurer-feed}) before reading a byte.
 */
final class FeedCareHistoryHandler implements Handler<RoutingContext> {
    /** Largest body accepted: a bound on one request's duration, not on memory (the feed streams). */
    static final long MAX_BODY_BYTES = 1L << 30;
    private static final String NDJSON = "application/x-ndjson";

    private final CareHistoryService care;

    FeedCareHistoryHandler(CareHistoryService care) {
        this.care = care;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // An answer sent before the body was read (wrong type, too large, not the insurer): the unread rest would
        // poison a kept-alive connection, so the client is told to open a new one.
        rc.addHeadersEndHandler(v -> {
            if (!request.isEnded()) {
                rc.response().putHeader("Connection", "close");
            }
        });
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).split(";", 2)[0].strip().equals(NDJSON)) {
            rc.fail(new ProblemException(Problem.field(ProblemType.UNSUPPORTED_CONTENT_TYPE, "Content-Type",
                    "send the lines as " + NDJSON)));
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && tooLong(length)) {
            rc.fail(new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "a feed body may be up to 1 GiB: split the file")));
            return;
        }
        care.feed(Exchange.professional(rc), new BoundedStream(request, MAX_BODY_BYTES))
                .onSuccess(report -> Exchange.json(rc, 200, FeedReportJson.json(report)))
                .onFailure(rc::fail);
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
