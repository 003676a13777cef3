package fr.sante.dmp.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.problem.FailureHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real HTTP server with a limit of one request in flight and a route that answers only when the test says so. */
@ExtendWith(VertxExtension.class)
class InFlightLimitTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InFlightLimit limit = new InFlightLimit(1, registry);
    private final AtomicReference<RoutingContext> held = new AtomicReference<>();
    private final AtomicReference<Context> heldContext = new AtomicReference<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        Router router = Router.router(vertx);
        router.route("/api/*").handler(limit);
        router.get("/api/held").handler(rc -> {
            heldContext.set(Vertx.currentContext());
            held.set(rc);
        });
        router.get("/api/quick").handler(rc -> rc.response().end("ok"));
        router.route().failureHandler(new FailureHandler());
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @Test
    void pastTheLimitARequestIsRefusedAtOnceAndTheSlotComesBackWhenTheAnswerIsSent() throws Exception {
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(get("/api/held"),
                HttpResponse.BodyHandlers.ofString());
        awaitInFlight(1);

        HttpResponse<String> refused = client.send(get("/api/quick"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"type\":\"https://dmp.sante.fr/problems/overloaded\"");
        assertThat(registry.get("dmp_api_overloaded_refusals").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dmp_api_requests_in_flight").gauge().value()).isEqualTo(1.0);

        heldContext.get().runOnContext(v -> held.get().response().end("done"));
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        awaitInFlight(0);
        assertThat(client.send(get("/api/quick"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatHangsUpGivesItsSlotBack() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/held HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitInFlight(1);
        }
        awaitInFlight(0);
        assertThat(client.send(get("/api/quick"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    private void awaitInFlight(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (limit.inFlight() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(limit.inFlight()).isEqualTo(expected);
    }
}
