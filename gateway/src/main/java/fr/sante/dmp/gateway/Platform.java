package fr.sante.dmp.gateway;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.api.ProfessionalApi;
import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.PresenceVerifier;
import fr.sante.dmp.gateway.auth.TokenVerifier;
import fr.sante.dmp.gateway.config.ConfigException;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.Mode;
import fr.sante.dmp.gateway.config.ProductionChecks;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.Guards;
import fr.sante.dmp.gateway.config.RateLimitPolicy;
import fr.sante.dmp.gateway.config.TlsConfig;
import fr.sante.dmp.gateway.guard.ApiTransport;
import fr.sante.dmp.gateway.guard.CappedCodeSender;
import fr.sante.dmp.gateway.guard.ClientAddressHandler;
import fr.sante.dmp.gateway.guard.ControlCharacterGuard;
import fr.sante.dmp.gateway.guard.InFlightLimit;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.gateway.guard.PatientQuota;
import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.gateway.guard.Pseudonyms;
import fr.sante.dmp.gateway.guard.SmsCaps;
import fr.sante.dmp.gateway.guard.Transport;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.gateway.fhir.FhirFace;
import fr.sante.dmp.gateway.health.Health;
import fr.sante.dmp.gateway.health.HttpRequestMetrics;
import fr.sante.dmp.gateway.messaging.Messaging;
import fr.sante.dmp.problem.AllowedMethods;
import fr.sante.dmp.gateway.problem.FailureHandler;
import fr.sante.dmp.gateway.problem.InvalidRequestHandler;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.gateway.operator.OperatorPages;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.gateway.ratelimit.SharedBuckets;
import fr.sante.dmp.pwa.CodeSender;
import fr.sante.dmp.pwa.PatientSpace;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.PeriodicPass;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.alert.AlertFeed;
import fr.sante.dmp.store.alert.AlertOptions;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.carehistory.CareHistoryOptions;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import fr.sante.dmp.store.carehistory.PurgeReport;
import fr.sante.dmp.gateway.embedded.ServedAddress;
import fr.sante.dmp.gateway.health.BusinessMetrics;
import fr.sante.dmp.store.invitation.Invitations;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: embedded services (blocking, before anything serves), then Vert.x with its metrics, the
 * record store (migrations on a worker), the token verifier (OIDC discovery), Redis, the routes and the HTTP server.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    /**
     * Start-up's bound. 120 s was not enough on the shared 2-core box at a load average of 23-35 (three API processes,
     * a worker and other builds: the FHIR context and the discoveries alone took minutes), and a gateway killed there
     * could not come back.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration CARE_HISTORY_PURGE_EVERY = Duration.ofDays(1);
    private static final int CARE_HISTORY_PURGE_BATCH = 10_000;
    private static final Duration WRITE_BACK_EVERY = Duration.ofSeconds(1);
    /** How often this process's token buckets are shared through Redis (DMP_RATE_LIMIT_POLICY=local). */
    private static final Duration SHARE_BUCKETS_EVERY = Duration.ofMillis(250);
    /** How long a stopping gateway lets in-flight requests finish before it closes their connections. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final EmbeddedServices services;
    private final Vertx vertx;
    private final DocumentStore store;
    private final Redis redis;
    private final Messaging messaging;
    private final HttpServers server;
    private final CareHistoryService care;
    /** The background work, in a process of the worker role (empty in an api-only process). */
    private final Optional<Background> background;
    private final Optional<PeriodicPass<Void>> writeBack;
    private final Optional<PeriodicPass<Void>> shareBuckets;

    /** What a worker runs besides the dispatcher (which {@link Messaging} runs): stopped by {@link #close}. */
    private record Background(Invitations invitations, AlertFeed alerts, PeriodicPass<PurgeReport> purge) {
    }

    private Platform(GatewayConfig config, EmbeddedServices services, Vertx vertx, DocumentStore store,
            CareHistoryService care, Optional<Background> background, Redis redis, RateLimiter limiter,
            Messaging messaging, HttpServers server) {
        this.config = config;
        this.background = background;
        this.services = services;
        this.vertx = vertx;
        this.store = store;
        this.care = care;
        // What this instance counted alone while Redis was down goes back to Redis once it answers again (the
        // requests of the same clients write theirs back first; this sweep brings everyone else's). A failed sweep
        // (Redis still down) has nothing to report: the next one retries.
        this.writeBack = config.roles().api()
                ? Optional.of(new PeriodicPass<>(vertx, WRITE_BACK_EVERY, limiter::writeBackAll, ar -> { }))
                : Optional.empty();
        writeBack.ifPresent(PeriodicPass::start);
        // The local buckets' share of each client's budget: a failed exchange is owed with the next one.
        this.shareBuckets = config.roles().api()
                        && config.guards().rateLimitPolicy() == RateLimitPolicy.LOCAL
                ? Optional.of(new PeriodicPass<>(vertx, SHARE_BUCKETS_EVERY, limiter::shareBuckets, ar -> { }))
                : Optional.empty();
        shareBuckets.ifPresent(PeriodicPass::start);
        this.redis = redis;
        this.messaging = messaging;
        this.server = server;
    }

    /** Starts everything; blocks the calling thread (never an event loop) until the API serves or start-up failed. */
    public static Platform start(GatewayConfig config) {
        // Production mode: what the configuration alone shows is refused before anything starts.
        ProductionChecks.refuseIfAny(ProductionChecks.of(config));
        // The HSMs (module, slot, PIN, label) are checked before any service starts: a wrong PIN or slot stops here.
        DataKeys.HsmKeys hsm = DataKeys.HsmKeys.open(config);
        EmbeddedServices services = EmbeddedServices.start(config);
        Vertx vertx = null;
        try {
            DataKeys keys = DataKeys.resolve(config);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                            .setEnabled(true)
                            // Vert.x keeps metrics backends in a static map by name: a platform closing in the same
                            // JVM (tests start several) would stop another's registry under the shared default name.
                            .setRegistryName("dmp-" + java.util.UUID.randomUUID())
                            // HttpRequestMetrics exports the HTTP server's request meters at a fraction of the cost.
                            .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .build();
            // DMP_CLOCK_OFFSET (embedded mode only) moves this clock: the store, the scheduler, quotas, the patient space.
            Clock clock = config.clock();
            // The patient space's logins come in rushes: a deep wait queue rather than 503s (docs/patient-space.md).
            RedisOptions redisOptions = RedisConnections.options(services.redisUri(), config.redisMode(),
                            config.redisMaster(), config.redisCa())
                    .setMaxPoolSize(16).setMaxPoolWaiting(4096);
            Redis redis = Redis.createClient(vertx, redisOptions);
            RedisAPI redisApi = RedisAPI.api(redis);
            // This instance's own limit and quota, for when Redis is down (docs/RELIABILITY.md, "Choices made"),
            // written back to Redis when it answers again.
            LocalGuard local = new LocalGuard(config.rateLimitBurst(), config.rateLimitPerSecond(),
                    config.guards().distinctPatientsPerDay(), clock);
            // DMP_RATE_LIMIT_POLICY=local: the buckets decide in this process, shared through Redis in the background.
            RateLimiter limiter = new RateLimiter(redisApi, config.rateLimitBurst(), config.rateLimitPerSecond(),
                    local, config.guards().rateLimitPolicy() == RateLimitPolicy.LOCAL
                            ? Optional.of(new SharedBuckets(config.rateLimitBurst(), config.rateLimitPerSecond(), clock))
                            : Optional.empty());
            Vertx v = vertx;
            if (config.mode() == Mode.PRODUCTION) {
                // What only the services can tell: a database that lets anyone in, a Redis that asks no password.
                ProductionChecks.refuseIfAny(ServiceProbes.probe(v, services.pgUri(),
                        GatewayConfig.redisAddresses(services.redisUri()).get(0),
                        config.redisCa())
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
            }
            StoreOptions storeOptions = keys.storeOptions(config, services.pgUri(), config.pgPoolSize(), clock, hsm);
            if (!config.roles().worker()) {
                // The audit head is signed by time in the workers; the API still signs every N-th entry in its
                // transaction.
                storeOptions = storeOptions.withAudit(storeOptions.audit().withInterval(Duration.ZERO));
            }
            StoreOptions storeOptionsOfRoles = storeOptions;
            // Both modules keep their own Flyway history table and baseline at 0, so their order does not matter;
            // the store goes first, then the notifications migrate into the same (by then non-empty) schema.
            ConsentEngine consent = ConsentEngine.withDefaultPolicy();
            Future<Platform> started = DocumentStore.start(v, storeOptionsOfRoles, consent)
                    .compose(store -> store.careHistory(CareHistoryOptions.DEFAULT)
                    .compose(care -> Messaging.start(v, config, services.pgUri(), keys.notifyKey())
                            .compose(messaging -> {
                                Invitations inv = store.invitations(messaging.notifications().outbox(),
                                        config.invitationOptions(config.publicUrl()));
                                BreakGlassGrants breakGlass = store.breakGlass(messaging.notifications().outbox(),
                                        config.guards().breakGlassTtl(), config.publicUrl() + "/");
                                Future<HttpServers> serving = config.roles().api()
                                        ? serve(v, config, services, keys, registry, redisApi, local, limiter, store,
                                                care, inv, breakGlass, messaging, clock)
                                        : serveHealthOnly(v, config, keys, registry, redisApi, store, messaging,
                                                clock);
                                return serving
                                        .map(server -> {
                                            // CLI commands in another shell link to this platform, not their defaults.
                                            ServedAddress.write(config.dataDir(), config.publicUrl());
                                            if (config.masterKey().isEmpty()) {
                                                // ./dmp keys rotate checks a restart picked its new key file up.
                                                new fr.sante.dmp.gateway.config.EmbeddedMasterKey(config.dataDir())
                                                        .markInUse(fr.sante.dmp.store.crypto.MasterKeys.hex(
                                                                fr.sante.dmp.store.crypto.MasterKeys.id(
                                                                        keys.masterKey())));
                                            }
                                            Optional<Background> background = config.roles().worker()
                                                    ? Optional.of(background(v, config, store, care, inv, messaging))
                                                    : Optional.empty();
                                            return new Platform(config, services, v, store, care, background, redis,
                                                    limiter, messaging, server);
                                        })
                                        .onFailure(e -> messaging.close());
                            })
                            .onFailure(e -> care.close()))
                    .onFailure(e -> store.close()));
            return started.toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
            }
            services.close();
            if (e instanceof ConfigException configuration) {
                throw configuration; // names the variable to fix, as is
            }
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new IllegalStateException("start-up failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * The worker role's work besides the dispatcher. Every worker runs all of it; none of it is done twice: the
     * scheduler's batches and the alert feed's cursor are claimed with SKIP LOCKED, the purge deletes what is due
     * (a second pass finds nothing), the head checkpoint is inserted once per position.
     */
    private static Background background(Vertx v, GatewayConfig config, DocumentStore store, CareHistoryService care,
            Invitations invitations, Messaging messaging) {
        invitations.scheduler().start();
        // The patient's chosen alerts follow the audit log.
        AlertFeed alerts = store.alerts(messaging.notifications().outbox(),
                AlertOptions.defaults(config.publicUrl() + "/")).start();
        // The care history's rolling window: daily, in batches, on the event loop (the purge is non-blocking SQL).
        PeriodicPass<PurgeReport> purge = new PeriodicPass<>(v, CARE_HISTORY_PURGE_EVERY,
                () -> care.purgeOlderThan24Months(CARE_HISTORY_PURGE_BATCH), ar -> {
                    if (ar.failed()) {
                        LOG.atWarn().addKeyValue("error", ar.cause().toString()).log("care-history purge failed");
                    }
                });
        purge.start();
        return new Background(invitations, alerts, purge);
    }

    /**
     * A worker-only process serves health (the orchestrator's probes) and metrics on DMP_HTTP_PORT, nothing else: one
     * server, and everything else a problem document.
     */
    private static Future<HttpServers> serveHealthOnly(Vertx v, GatewayConfig config, DataKeys keys,
            PrometheusMeterRegistry registry, RedisAPI redisApi, DocumentStore store, Messaging messaging,
            Clock clock) {
        Guards guards = config.guards();
        SmsCaps smsCaps = new SmsCaps(redisApi, new Pseudonyms(keys.pwaSecret(), "sms-caps"),
                guards.smsPerNumberPerDay(), guards.smsDailyBudget(), clock);
        new BusinessMetrics(v, registry, store, messaging, smsCaps).start(config.businessMetricsInterval());
        return v.executeBlocking(() -> AllowedMethods.fromClasspath(ProfessionalApi.CONTRACT)).compose(allowed -> {
            Router root = router(v, config, registry, store, redisApi);
            FailureHandler failures = new FailureHandler(allowed);
            root.route().handler(rc -> rc.fail(404));
            root.route().failureHandler(failures);
            root.errorHandler(404, failures);
            root.errorHandler(405, failures);
            root.errorHandler(500, failures);
            return HttpServers.start(v, Transport.serverOptions(config), root, new InvalidRequestHandler(), 1);
        }).compose(servers -> config.metricsPort().isEmpty() ? Future.succeededFuture(servers)
                : metricsServer(v, config, registry).map(servers::withMetrics));
    }

    private static Future<HttpServers> serve(Vertx v, GatewayConfig config, EmbeddedServices services, DataKeys keys,
            PrometheusMeterRegistry registry, RedisAPI redisApi, LocalGuard local, RateLimiter limiter,
            DocumentStore store, CareHistoryService care, Invitations invitations, BreakGlassGrants breakGlass,
            Messaging messaging, Clock clock) {
        Guards guards = config.guards();
        SmsCaps smsCaps = new SmsCaps(redisApi, new Pseudonyms(keys.pwaSecret(), "sms-caps"),
                guards.smsPerNumberPerDay(), guards.smsDailyBudget(), clock);
        // Sampled by a periodic timer on this Vert.x: Platform.close closes Vert.x, which cancels it.
        new BusinessMetrics(v, registry, store, messaging, smsCaps).start(config.businessMetricsInterval());
        PatientQuota quota = new PatientQuota(new Pseudonyms(keys.insHashKey(), "patient-quota"),
                new fr.sante.dmp.store.crypto.InsHasher(keys.insHashKey()), guards.distinctPatientsPerDay(), clock);
        Future<PresenceVerifier> presence = PresenceVerifier.discover(v, services.presenceIssuerUrl(config),
                config.presenceAudience(), Clock.systemUTC());
        // Tokens and presence assertions carry their issuer's real time: verified on the real clock, never the offset.
        return TokenVerifier.discover(v, services.issuerUrl(), config.oidcAudience(), config.tokenCacheSize(),
                        Clock.systemUTC())
                // The directory of professionals learns each professional from their first verified token.
                .map(verifier -> verifier.onNewCaller(caller -> caller.professional()
                        .ifPresent(pro -> store.careContexts().seen(pro).onFailure(e -> LOG.atWarn()
                                .addKeyValue("error", e.getClass().getSimpleName())
                                .log("directory of professionals not updated from a token")))))
                .compose(verifier -> presence.map(verifier))
                .compose(verifier -> v.executeBlocking(() -> AllowedMethods.fromClasspath(ProfessionalApi.CONTRACT))
                        .compose(allowed -> v.executeBlocking(() -> patientSpace(v, config, keys, redisApi, store,
                                        care, new CappedCodeSender(messaging.codeSender(), smsCaps, guards)))
                                .compose(space -> {
                            Router root = router(v, config, registry, store, redisApi);
                            // The patient API is a room of its own, mounted first: its router answers everything
                            // under /api/v1/me (its own 404 and 405), so the rest of /api/v1 is the professional API's.
                            root.route(ProfessionalApi.PATIENT_API + "/*").subRouter(space.patientApi());
                            ApiTransport transport = new ApiTransport(
                                    config.tls().flatMap(TlsConfig::clientCa).isPresent());
                            // Transport first: its headers are on every answer, the in-flight limit's 503 too.
                            // The FHIR face shares the professional API's transport, in-flight limit, token
                            // verification, buckets and quota counters: one client, one budget, whichever face.
                            InFlightLimit inFlight = new InFlightLimit(guards.maxInFlight(), registry);
                            root.route(ProfessionalApi.MOUNT + "/*").handler(transport).handler(inFlight);
                            root.route(FhirFace.MOUNT + "/*").handler(transport).handler(inFlight);
                            AuthenticationHandler authn = new AuthenticationHandler(verifier);
                            PatientQuotaHandler readQuota = new PatientQuotaHandler(limiter, local, quota, true);
                            PatientQuotaHandler writeQuota = new PatientQuotaHandler(limiter, local, quota, false);
                            return FhirFace.mount(v, root, store.records(), authn, limiter, local, readQuota,
                                            writeQuota, verifier.issuerEndpoints())
                                    .compose(f -> ProfessionalApi.mount(v, root, store, care, invitations.campaigns(),
                                            breakGlass, authn, limiter, local, readQuota, writeQuota,
                                            presence.result()))
                                    .map(x -> {
                                        // What the professional API did not match stays its own (404, or 405 naming
                                        // the allowed methods): it must not fall through to the patient space.
                                        root.route(ProfessionalApi.MOUNT + "/*").handler(rc -> unmatched(rc, allowed));
                                        return patientSpaceAndErrors(root, space, allowed);
                                    })
                                    .compose(x -> OperatorPages.create(v, verifier, invitations.campaigns(),
                                            breakGlass,
                                            store.assistedOppositions(messaging.notifications().outbox()),
                                            store.audit(),
                                            fr.sante.dmp.pwa.web.Paths.ASSETS + "/" + space.assetVersion() + "/app.css",
                                            config.secureCookies()))
                                    .map(operator -> {
                                        operator.mount(root);
                                        operator.mountRepresentations(root, store.representations());
                                        return root;
                                    });
                        })))
                .compose(root -> HttpServers.start(v, Transport.serverOptions(config), root,
                        new InvalidRequestHandler(), config.httpInstances()))
                .compose(servers -> config.metricsPort().isEmpty() ? Future.succeededFuture(servers)
                        : metricsServer(v, config, registry).map(servers::withMetrics));
    }

    /**
     * /metrics alone on a listener of its own (DMP_METRICS_PORT, on DMP_METRICS_HOST: loopback by default), for the
     * scraper on the private network; the public port then answers 404 there.
     */
    private static Future<io.vertx.core.http.HttpServer> metricsServer(Vertx v, GatewayConfig config,
            PrometheusMeterRegistry registry) {
        Router metrics = Router.router(v);
        metrics.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        return v.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                        .setHost(config.metricsHost()).setPort(config.metricsPort().orElseThrow()))
                .requestHandler(metrics).listen();
    }

    /** Built on a worker: the constructor reads templates, message bundles and static files from the class path. */
    private static PatientSpace patientSpace(Vertx vertx, GatewayConfig config, DataKeys keys, RedisAPI redis,
            DocumentStore store, CareHistoryService care, CodeSender codes) {
        PwaConfig pwa = PwaConfig.defaults(keys.pwaSecret()).withSecureCookies(config.secureCookies())
                .withClock(config.clock())
                .withPasskeysFor(config.publicUrl())
                .withAttemptsPerAddress(config.loginAttemptsPerAddress());
        return new PatientSpace(vertx, redis, store.patients(), store.records(), Optional.of(store.passkeys()),
                store.careContexts(), Optional.of(store.directory()), codes, pwa, Optional.of(care),
                Optional.of(store.representations()),
                new fr.sante.dmp.gateway.fhir.RecordBundle(ca.uhn.fhir.context.FhirContext.forR4Cached()));
    }

    /**
     * Request id, client address, health and metrics first (no patient-space headers on them). The patient API's own
     * router comes next ({@code /api/v1/me/*}), then the professional API ({@link ProfessionalApi#mount}, the rest of
     * {@code /api/v1}), so that its requests do not walk the pages' routes ({@code git show
     * baafc61:docs/BENCHMARKS.md}, "Read path after profiling"); then {@link #patientSpaceAndErrors}.
     */
    private static Router router(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry,
            DocumentStore store, RedisAPI redis) {
        Router root = Router.router(vertx);
        root.route().handler(new HttpRequestMetrics(registry));
        root.route().handler(new RequestIdHandler());
        root.route().handler(new ClientAddressHandler(config.guards().trustedProxies()));
        // A NUL in a path segment must be a 400 here, not reach PostgreSQL and come back as a 503.
        root.route().handler(new ControlCharacterGuard());
        new Health(store, redis).mount(root);
        if (config.metricsPort().isEmpty()) {
            root.get("/metrics").handler(PrometheusScrapingHandler.create(registry)); // development only
        }
        // Non-zero: a signer found the audit chain broken and refused to sign it (AuditAlarm): an incident.
        io.micrometer.core.instrument.Gauge.builder("dmp.audit.checkpoints.refused", store.audit(),
                        a -> a.refusedCheckpoints())
                .description("audit checkpoints refused because the entries since the last one were broken")
                .register(registry);
        return root;
    }

    /**
     * The patient space's pages at {@code /} (with their own failure handler: error pages; what they do not match
     * falls through), and the last-resort error handling.
     */
    private static Router patientSpaceAndErrors(Router root, PatientSpace space, AllowedMethods allowed) {
        FailureHandler failures = new FailureHandler(allowed);
        root.route("/*").subRouter(space.pages());
        root.route().failureHandler(failures);
        // A browser asking for a page nobody serves gets the patient space's HTML 404 in its language; API paths
        // and non-HTML clients keep the problem document.
        root.errorHandler(404, rc -> {
            if (!space.notFoundPage(rc)) {
                failures.handle(rc);
            }
        });
        root.errorHandler(405, failures);
        root.errorHandler(500, failures);
        return root;
    }

    /**
     * 404, or 405 naming the contract's methods for the path. The Allow header is set here: the failure handler that
     * takes the failure may be the professional API's (its sub-router is mounted on {@code /api/v1/*}), which does not
     * know the contract's methods (RFC 9110 requires them).
     */
    private static void unmatched(RoutingContext rc, AllowedMethods allowed) {
        String allow = allowed.allow(rc.request().path());
        if (!allow.isEmpty()) {
            rc.response().putHeader("Allow", allow);
        }
        rc.fail(allow.isEmpty() ? 404 : 405);
    }

    public int httpPort() {
        return server.port();
    }

    /** The port of /metrics when it has a listener of its own (DMP_METRICS_PORT). */
    public Optional<Integer> metricsPort() {
        return server.metricsPort();
    }

    public String baseUrl() {
        return (config.tls().isPresent() ? "https" : "http") + "://localhost:" + httpPort();
    }

    /** The patient space's home page. */
    public String patientSpaceUrl() {
        return baseUrl() + "/";
    }

    /** The opposition page written in invitations and reminders. */
    public String oppositionUrl() {
        return config.oppositionUrl();
    }

    /** The dev inbox's port (embedded messaging only). */
    public Optional<Integer> inboxPort() {
        return messaging.inboxPort();
    }

    /** The dev inbox (embedded messaging only): every SMS and e-mail sent, as a page and as JSON. */
    public Optional<String> inboxUrl() {
        return inboxPort().map(p -> "http://127.0.0.1:" + p + "/");
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
        // Stop taking requests and let those in flight finish (graceful shutdown: SIGTERM from an orchestrator
        // must not cut a deposit's answer off after its commit), then release the store, Redis and Vert.x, then the
        // embedded processes. Vert.x is closed from this (non-Vert.x) thread: a close composed on one of its own
        // contexts cannot complete.
        writeBack.ifPresent(PeriodicPass::stop);
        shareBuckets.ifPresent(PeriodicPass::stop);
        background.ifPresent(b -> {
            b.purge().stop();
            b.invitations().scheduler().stop();
            b.alerts().stop();
        });
        ServedAddress.forget(config.dataDir());
        await(server.shutdown(DRAIN).eventually(messaging::close).eventually(care::close).eventually(store::close),
                "HTTP server, notifications, care history and store");
        redis.close();
        await(vertx.close(), "Vert.x");
        services.close();
    }

    private static void await(Future<?> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(DRAIN.toSeconds() + 20, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.atWarn().addKeyValue("what", what).addKeyValue("error", e.toString()).log("unclean shutdown");
        }
    }
}
