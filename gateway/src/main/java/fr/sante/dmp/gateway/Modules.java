package fr.sante.dmp.gateway;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.Guards;
import fr.sante.dmp.gateway.config.Mode;
import fr.sante.dmp.gateway.config.ProductionChecks;
import fr.sante.dmp.gateway.config.RateLimitPolicy;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.gateway.guard.Pseudonyms;
import fr.sante.dmp.gateway.guard.SmsCaps;
import fr.sante.dmp.gateway.messaging.Messaging;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.gateway.ratelimit.SharedBuckets;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.carehistory.CareHistoryOptions;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import fr.sante.dmp.store.invitation.Invitations;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What the platform is made of, once started: the development services (if any), Vert.x and its metrics registry,
 * Redis and the guards on it, the record store, the care history, the notifications, and the store's services built
 * on the outbox. Built by {@link #start} as a straight list of steps; the routes ({@link ApiRoutes}) and the
 * background work ({@link Platform}) take what they need from here.
 */
record Modules(GatewayConfig config, EmbeddedServices services, DataKeys keys, Clock clock, Vertx vertx,
        PrometheusMeterRegistry registry, Redis redis, RedisAPI redisApi, LocalGuard local, RateLimiter limiter,
        SmsCaps smsCaps, DocumentStore store, CareHistoryService care, Messaging messaging, Invitations invitations,
        BreakGlassGrants breakGlass) {

    /**
     * Starts each module after the one it needs, waiting on this thread (never an event loop); on a failure
     * {@code starting} closes what was started. The embedded services are blocking and come first, before any event
     * loop serves.
     */
    static Modules start(GatewayConfig config, DataKeys.HsmKeys hsm, Starting starting) throws Exception {
        EmbeddedServices services = EmbeddedServices.start(config);
        starting.opened(services, () -> {
            services.close();
            return Future.succeededFuture();
        });
        DataKeys keys = DataKeys.resolve(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = vertx(registry);
        starting.opened(vertx, vertx::close);
        // DMP_CLOCK_OFFSET (embedded mode only) moves this clock: the store, the scheduler, quotas, the patient space.
        Clock clock = config.clock();
        // The patient space's logins come in rushes: a deep wait queue rather than 503s (docs/patient-space.md).
        RedisOptions redisOptions = RedisConnections.options(services.redisUri(), config.redisMode(),
                        config.redisMaster(), config.redisCa())
                .setMaxPoolSize(16).setMaxPoolWaiting(4096);
        Redis redis = Redis.createClient(vertx, redisOptions);
        RedisAPI redisApi = RedisAPI.api(redis);
        // This instance's own limit and quota, for when Redis is down (docs/RELIABILITY.md, "Choices made"), written
        // back to Redis when it answers again.
        LocalGuard local = new LocalGuard(config.rateLimitBurst(), config.rateLimitPerSecond(),
                config.guards().distinctPatientsPerDay(), clock);
        // DMP_RATE_LIMIT_POLICY=local: the buckets decide in this process, shared through Redis in the background.
        RateLimiter limiter = new RateLimiter(redisApi, config.rateLimitBurst(), config.rateLimitPerSecond(), local,
                config.guards().rateLimitPolicy() == RateLimitPolicy.LOCAL
                        ? Optional.of(new SharedBuckets(config.rateLimitBurst(), config.rateLimitPerSecond(), clock))
                        : Optional.empty());
        Guards guards = config.guards();
        SmsCaps smsCaps = new SmsCaps(redisApi, new Pseudonyms(keys.pwaSecret(), "sms-caps"),
                guards.smsPerNumberPerDay(), guards.smsDailyBudget(), clock);
        if (config.mode() == Mode.PRODUCTION) {
            // What only the services can tell: a database that lets anyone in, a Redis that asks no password.
            ProductionChecks.refuseIfAny(starting.await(ServiceProbes.probe(vertx, services.pgUri(),
                    GatewayConfig.redisAddresses(services.redisUri()).get(0), config.redisCa())));
        }
        StoreOptions storeOptions = keys.storeOptions(config, services.pgUri(), config.pgPoolSize(), clock, hsm);
        if (!config.roles().worker()) {
            // The audit head is signed by time in the workers; the API still signs every N-th entry in its transaction.
            storeOptions = storeOptions.withAudit(storeOptions.audit().withInterval(Duration.ZERO));
        }
        // Both modules keep their own Flyway history table and baseline at 0, so their order does not matter; the
        // store goes first, then the notifications migrate into the same (by then non-empty) schema.
        DocumentStore store = starting.await(DocumentStore.start(vertx, storeOptions,
                ConsentEngine.withDefaultPolicy()));
        starting.opened(store, store::close);
        CareHistoryService care = starting.await(store.careHistory(CareHistoryOptions.DEFAULT));
        starting.opened(care, care::close);
        Messaging messaging = starting.await(Messaging.start(vertx, config, services.pgUri(), keys.notifyKey()));
        starting.opened(messaging, messaging::close);
        Invitations invitations = store.invitations(messaging.notifications().outbox(),
                config.invitationOptions(config.publicUrl()));
        BreakGlassGrants breakGlass = store.breakGlass(messaging.notifications().outbox(),
                guards.breakGlassTtl(), config.publicUrl() + "/");
        return new Modules(config, services, keys, clock, vertx, registry, redis, redisApi, local, limiter, smsCaps,
                store, care, messaging, invitations, breakGlass);
    }

    private static Vertx vertx(PrometheusMeterRegistry registry) {
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        // Vert.x keeps metrics backends in a static map by name: a platform closing in the same JVM
                        // (tests start several) would stop another's registry under the shared default name.
                        .setRegistryName("dmp-" + UUID.randomUUID())
                        // HttpRequestMetrics exports the HTTP server's request meters at a fraction of the cost.
                        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /** The notifications, the care history and the store, then Redis and Vert.x (once nothing serves any more). */
    Future<Void> closeServices() {
        return messaging.close().eventually(care::close).eventually(store::close);
    }
}
