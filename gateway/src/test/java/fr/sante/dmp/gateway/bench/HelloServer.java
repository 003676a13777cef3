package fr.sante.dmp.gateway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Baseline B1 of docs/BENCHMARKS.md: a bare Vert.x HTTP server answering "hello" to everything, same Vert.x as the
 * gateway, no router, no metrics. Not a test. {@code java -cp gateway/target/dmp-gateway.jar:gateway/target/test-classes
 * fr.sante.dmp.gateway.bench.HelloServer [PORT] [INSTANCES]} (instances: event loops serving the port, default 1).
 */
public final class HelloServer extends VerticleBase {
    private static final Buffer HELLO = Buffer.buffer("hello");
    private final int port;

    private HelloServer(int port) {
        this.port = port;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(req -> req.response().putHeader("content-type", "text/plain").end(HELLO))
                .listen();
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new HelloServer(port), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("hello server on 127.0.0.1:" + port + " with " + instances + " event loop(s)");
    }
}
