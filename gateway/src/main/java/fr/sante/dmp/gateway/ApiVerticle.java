package fr.sante.dmp.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API on one event loop: deployed once per loop ({@link HttpServers}), like TechEmpower's Vert.x entry, each
 * instance binds a server to the same port and Vert.x hands connections to them in turn. Unlike that entry the
 * instances share one router ({@link ApiRoutes}), built once: everything it reaches is safe to call from several
 * event loops without a lock on the way (the pools, the Redis client, the Caffeine token and data-key caches, the
 * audit appender's lock-free group commit, which acknowledges each caller on its own context), and building the
 * contract's validators and the FHIR context once per loop would only lengthen the start-up.
 */
final class ApiVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> routes;
    private final Handler<HttpServerRequest> invalidRequests;
    private HttpServer server;

    ApiVerticle(HttpServerOptions options, Handler<HttpServerRequest> routes,
            Handler<HttpServerRequest> invalidRequests) {
        this.options = options;
        this.routes = routes;
        this.invalidRequests = invalidRequests;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options).requestHandler(routes).invalidRequestHandler(invalidRequests)
                .listen().onSuccess(s -> server = s);
    }

    /** Undeployed (SIGTERM: docs/RELIABILITY.md): stops taking connections and lets requests in flight finish. */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture()
                : server.shutdown(Platform.DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port this instance's server is bound to. */
    int port() {
        return server.actualPort();
    }
}
