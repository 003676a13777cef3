package fr.sante.dmp.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The API served by {@code instances} HTTP servers on one port, each on its own event loop: Vert.x binds the port once
 * and hands connections round-robin to the servers. With one server every request of the node ran on a single event
 * loop, so a 2-core node used one core for the gateway whatever the load (docs/BENCHMARKS.md, G2). The handlers are
 * shared: everything they reach is safe to call from several event loops (the pools, the Redis client, the token
 * cache, the audit appender's group commit, which acknowledges each caller on its own context).
 *
 * <p>The first server binds (port 0 picks a free port, as the tests do); the others join it on the port it got.
 */
final class HttpServers {
    private final Vertx vertx;
    private final HttpServer first;
    private final String others;

    private HttpServers(Vertx vertx, HttpServer first, String others) {
        this.vertx = vertx;
        this.first = first;
        this.others = others;
    }

    static Future<HttpServers> start(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
            int instances) {
        return vertx.createHttpServer(options).requestHandler(handler).listen().compose(first -> {
            if (instances <= 1) {
                return Future.succeededFuture(new HttpServers(vertx, first, null));
            }
            HttpServerOptions joined = new HttpServerOptions(options).setPort(first.actualPort());
            return vertx.deployVerticle(() -> new Joined(joined, handler),
                            new DeploymentOptions().setInstances(instances - 1))
                    .map(id -> new HttpServers(vertx, first, id))
                    .recover(e -> first.close().transform(x -> Future.failedFuture(e)));
        });
    }

    int port() {
        return first.actualPort();
    }

    /** Stops taking requests on every event loop. */
    Future<Void> close() {
        Future<Void> joined = others == null ? Future.succeededFuture() : vertx.undeploy(others);
        return joined.eventually(first::close);
    }

    /** One more server on its own event loop (a verticle instance gets its own context). */
    private static final class Joined extends VerticleBase {
        private final HttpServerOptions options;
        private final Handler<HttpServerRequest> handler;

        Joined(HttpServerOptions options, Handler<HttpServerRequest> handler) {
            this.options = options;
            this.handler = handler;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(options).requestHandler(handler).listen();
        }
    }
}
