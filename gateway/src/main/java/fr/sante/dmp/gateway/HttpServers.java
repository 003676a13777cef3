package fr.sante.dmp.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The API served by {@code instances} {@link ApiVerticle}s on one port, each on its own event loop. With one server
 * every request of the node runs on a single event loop, so a node uses one core for the gateway whatever the load
 * (docs/BENCHMARKS.md, G2). One per processor by default (DMP_HTTP_INSTANCES, issue 17); DMP_HTTP_INSTANCES=1 keeps
 * the single-loop baseline for the benchmarks.
 *
 * <p>Port 0 (a free port, as the integration tests ask) means one instance: servers bound to port 0 each get their own
 * port. {@code loadtest/smoke.sh} runs the platform on a fixed port, hence with one server per core.
 */
final class HttpServers {
    private final Vertx vertx;
    private final String deployment;
    private final int port;
    private final HttpServer metrics;

    private HttpServers(Vertx vertx, String deployment, int port, HttpServer metrics) {
        this.vertx = vertx;
        this.deployment = deployment;
        this.port = port;
        this.metrics = metrics;
    }

    /** These servers and the listener of /metrics on its own port (DMP_METRICS_PORT). */
    HttpServers withMetrics(HttpServer metricsServer) {
        return new HttpServers(vertx, deployment, port, metricsServer);
    }

    /** The port of the /metrics listener, when it has one of its own. */
    Optional<Integer> metricsPort() {
        return Optional.ofNullable(metrics).map(HttpServer::actualPort);
    }

    static Future<HttpServers> start(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> routes,
            Handler<HttpServerRequest> invalidRequests, int instances) {
        int deployed = options.getPort() == 0 ? 1 : Math.max(1, instances);
        // Port 0: the one instance says which port it got.
        ApiVerticle[] first = new ApiVerticle[1];
        return vertx.deployVerticle(() -> {
                    ApiVerticle verticle = new ApiVerticle(options, routes, invalidRequests);
                    synchronized (first) {
                        if (first[0] == null) {
                            first[0] = verticle;
                        }
                    }
                    return verticle;
                }, new DeploymentOptions().setInstances(deployed))
                .map(id -> new HttpServers(vertx, id, first[0].port(), null));
    }

    int port() {
        return port;
    }

    /**
     * Stops taking connections and lets in-flight requests finish for at most {@code drain} ({@link Platform#DRAIN},
     * each verticle draining its own server when undeployed) before closing them (SIGTERM: docs/RELIABILITY.md).
     */
    Future<Void> shutdown() {
        Future<Void> api = vertx.undeploy(deployment);
        return metrics == null ? api : api.eventually(metrics::close);
    }
}
