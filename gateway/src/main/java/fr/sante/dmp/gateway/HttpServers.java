package fr.sante.dmp.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The API served by {@code instances} HTTP servers on one port, each on its own event loop: a verticle deployed
 * {@code instances} times, whose servers Vert.x binds once and hands connections to in turn. With one server every
 * request of the node runs on a single event loop, so a node uses one core for the gateway whatever the load
 * (docs/BENCHMARKS.md, G2). One per processor by default (DMP_HTTP_INSTANCES, issue 17); DMP_HTTP_INSTANCES=1 keeps
 * the single-loop baseline for the benchmarks. The handlers are shared: everything they reach is safe to call from
 * several event loops without a lock on the way (the pools, the Redis client, the Caffeine token and data-key caches,
 * the audit appender's lock-free group commit, which acknowledges each caller on its own context).
 *
 * <p>Port 0 (a free port, as the integration tests ask) means one server: servers bound to port 0 each get their own
 * port. {@code loadtest/smoke.sh} runs the platform on a fixed port, hence with one server per core.
 */
final class HttpServers {
    private final Vertx vertx;
    private final HttpServer single;
    private final String deployment;
    private final int port;
    private final HttpServer metrics;

    private HttpServers(Vertx vertx, HttpServer single, String deployment, int port, HttpServer metrics) {
        this.vertx = vertx;
        this.single = single;
        this.deployment = deployment;
        this.port = port;
        this.metrics = metrics;
    }

    /** These servers and the listener of /metrics on its own port (DMP_METRICS_PORT). */
    HttpServers withMetrics(HttpServer metricsServer) {
        return new HttpServers(vertx, single, deployment, port, metricsServer);
    }

    /** The port of the /metrics listener, when it has one of its own. */
    java.util.Optional<Integer> metricsPort() {
        return java.util.Optional.ofNullable(metrics).map(HttpServer::actualPort);
    }

    static Future<HttpServers> start(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
            Handler<HttpServerRequest> invalidRequests, int instances) {
        if (instances <= 1 || options.getPort() == 0) {
            return vertx.createHttpServer(options).requestHandler(handler).invalidRequestHandler(invalidRequests)
                    .listen()
                    .map(server -> new HttpServers(vertx, server, null, server.actualPort(), null));
        }
        return vertx.deployVerticle(() -> new Serving(options, handler, invalidRequests),
                        new DeploymentOptions().setInstances(instances))
                .map(id -> new HttpServers(vertx, null, id, options.getPort(), null));
    }

    int port() {
        return port;
    }

    /**
     * Stops taking connections and lets in-flight requests finish for at most {@code drain} before closing them
     * (SIGTERM: docs/RELIABILITY.md). With several instances each verticle drains its own server when undeployed.
     */
    Future<Void> shutdown(Duration drain) {
        Future<Void> api = single != null ? single.shutdown(drain.toMillis(), TimeUnit.MILLISECONDS)
                : vertx.undeploy(deployment);
        return metrics == null ? api : api.eventually(metrics::close);
    }

    /** One server on the event loop of its verticle instance. */
    private static final class Serving extends VerticleBase {
        private final HttpServerOptions options;
        private final Handler<HttpServerRequest> handler;
        private final Handler<HttpServerRequest> invalidRequests;
        private HttpServer server;

        Serving(HttpServerOptions options, Handler<HttpServerRequest> handler,
                Handler<HttpServerRequest> invalidRequests) {
            this.options = options;
            this.handler = handler;
            this.invalidRequests = invalidRequests;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(options).requestHandler(handler).invalidRequestHandler(invalidRequests)
                    .listen().onSuccess(s -> server = s);
        }

        @Override
        public Future<?> stop() {
            return server == null ? Future.succeededFuture()
                    : server.shutdown(Platform.DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
