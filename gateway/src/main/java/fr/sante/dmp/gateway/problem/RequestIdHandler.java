package fr.sante.dmp.gateway.problem;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every request: gives it an id (the client's {@code X-Request-Id} when it is a plain token, else a
 * new id from {@link RequestIds}), echoes it in the response and logs one access line. The line names the route template,
 * never the path: paths carry INS values. When the access logger is off (DMP_ACCESS_LOG_LEVEL=WARN) no end handler is
 * added at all.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {
    public static final String HEADER = "X-Request-Id";
    public static final String KEY = "requestId";
    /** Set by the API to the OpenAPI operation id: what the access line names instead of the path. */
    public static final String OPERATION = "operation";
    private static final Logger ACCESS = LoggerFactory.getLogger("fr.sante.dmp.gateway.access");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
    private final RequestIds ids = new RequestIds(new SecureRandom());

    @Override
    public void handle(RoutingContext rc) {
        String given = rc.request().getHeader(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : ids.next();
        rc.put(KEY, id);
        rc.response().putHeader(HEADER_NAME, id);
        if (!ACCESS.isInfoEnabled()) {
            rc.next();
            return;
        }
        long start = System.nanoTime();
        rc.addEndHandler(v -> {
            Route route = rc.currentRoute();
            String operation = rc.get(OPERATION);
            ACCESS.atInfo()
                    .addKeyValue("requestId", id)
                    .addKeyValue("method", rc.request().method().name())
                    .addKeyValue("route", operation != null ? operation
                            : route == null || route.getPath() == null ? "-" : route.getPath())
                    .addKeyValue("status", rc.response().getStatusCode())
                    .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                    .log("request");
        });
        rc.next();
    }

    public static String of(RoutingContext rc) {
        return rc.get(KEY);
    }
}
