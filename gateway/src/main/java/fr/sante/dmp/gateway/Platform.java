package fr.sante.dmp.gateway;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.api.ProfessionalApi;
import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.TokenVerifier;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.gateway.health.Health;
import fr.sante.dmp.gateway.problem.FailureHandler;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: embedded services (blocking, before anything serves), then Vert.x with its metrics, the
 * record store (migrations on a worker), the token verifier (OIDC discovery), Redis, the routes and the HTTP server.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final GatewayConfig config;
    private final EmbeddedServices services;
    private final Vertx vertx;
    private final DocumentStore store;
    private final Redis redis;
    private final HttpServer server;

    private Platform(GatewayConfig config, EmbeddedServices services, Vertx vertx, DocumentStore store, Redis redis,
            HttpServer server) {
        this.config = config;
        this.services = services;
        this.vertx = vertx;
        this.store = store;
        this.redis = redis;
        this.server = server;
    }

    /** Starts everything; blocks the calling thread (never an event loop) until the API serves or start-up failed. */
    public static Platform start(GatewayConfig config) {
        EmbeddedServices services = EmbeddedServices.start(config);
        Vertx vertx = null;
        try {
            DataKeys keys = DataKeys.resolve(config);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .build();
            Clock clock = Clock.systemUTC();
            // The default pool (6 connections, 24 waiting) refuses requests under load (docs/BENCHMARKS.md).
            Redis redis = Redis.createClient(vertx, new RedisOptions()
                    .setConnectionString(services.redisUri()).setMaxPoolSize(16).setMaxPoolWaiting(4096));
            Vertx v = vertx;
            StoreOptions storeOptions = new StoreOptions(services.pgUri(), config.pgPoolSize(), keys.masterKey(),
                    keys.insHashKey(), clock);
            Future<Platform> started = DocumentStore.start(v, storeOptions, ConsentEngine.withDefaultPolicy())
                    .compose(store -> TokenVerifier.discover(v, services.issuerUrl(), config.oidcAudience(),
                                    config.tokenCacheSize(), clock)
                            .compose(verifier -> {
                                Router root = router(v, registry, store, RedisAPI.api(redis));
                                RateLimiter limiter = new RateLimiter(RedisAPI.api(redis), config.rateLimitBurst(),
                                        config.rateLimitPerSecond());
                                return ProfessionalApi.mount(v, root, store, new AuthenticationHandler(verifier), limiter)
                                        .compose(x -> v.createHttpServer(new HttpServerOptions()
                                                        .setHost(config.httpHost()).setPort(config.httpPort()))
                                                .requestHandler(root)
                                                .listen());
                            })
                            .map(server -> new Platform(config, services, v, store, redis, server))
                            .onFailure(e -> store.close()));
            return started.toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
            }
            services.close();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new IllegalStateException("start-up failed: " + cause.getMessage(), cause);
        }
    }

    private static Router router(Vertx vertx, PrometheusMeterRegistry registry, DocumentStore store, RedisAPI redis) {
        Router root = Router.router(vertx);
        FailureHandler failures = new FailureHandler();
        root.route().handler(new RequestIdHandler());
        new Health(store, redis).mount(root);
        root.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        root.route().failureHandler(failures);
        root.errorHandler(404, failures);
        root.errorHandler(405, failures);
        root.errorHandler(500, failures);
        return root;
    }

    public int httpPort() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort();
    }

    public String issuerUrl() {
        return services.issuerUrl();
    }

    public EmbeddedServices services() {
        return services;
    }

    public GatewayConfig config() {
        return config;
    }

    @Override
    public void close() {
        // Stop taking requests, then release the store, Redis and Vert.x, then the embedded processes. Vert.x is
        // closed from this (non-Vert.x) thread: a close composed on one of its own contexts cannot complete.
        await(server.close().eventually(store::close), "HTTP server and store");
        redis.close();
        await(vertx.close(), "Vert.x");
        services.close();
    }

    private static void await(Future<?> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.atWarn().addKeyValue("what", what).addKeyValue("error", e.toString()).log("unclean shutdown");
        }
    }
}
