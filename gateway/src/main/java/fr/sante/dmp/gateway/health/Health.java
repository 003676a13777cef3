package fr.sante.dmp.gateway.health;

import fr.sante.dmp.store.DocumentStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code /health/live}: the process serves. {@code /health/ready}: PostgreSQL and Redis both answer within two
 * seconds; 503 otherwise, so a load balancer stops sending traffic here.
 */
public final class Health {
    /** The live answer never changes: encoded once (the liveness probe is the G1 benchmark's path). */
    private static final Buffer LIVE = Buffer.buffer(new JsonObject().put("status", "UP").encode());
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private final DocumentStore store;
    private final RedisAPI redis;

    public Health(DocumentStore store, RedisAPI redis) {
        this.store = store;
        this.redis = redis;
    }

    public void mount(Router router) {
        router.get("/health/live").handler(rc -> rc.response().putHeader(CONTENT_TYPE, JSON)
                .putHeader(CACHE_CONTROL, NO_STORE).end(LIVE));
        router.get("/health/ready").handler(this::ready);
    }

    private void ready(RoutingContext rc) {
        Future<Void> pg = store.ping().timeout(2, TimeUnit.SECONDS);
        Future<Void> rd = redis.ping(List.of()).<Void>mapEmpty().timeout(2, TimeUnit.SECONDS);
        Future.join(pg, rd).onComplete(done -> {
            boolean up = pg.succeeded() && rd.succeeded();
            JsonObject checks = new JsonObject()
                    .put("postgres", pg.succeeded() ? "UP" : "DOWN")
                    .put("redis", rd.succeeded() ? "UP" : "DOWN");
            json(rc, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
        });
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
