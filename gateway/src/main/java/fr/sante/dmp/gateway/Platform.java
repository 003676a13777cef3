package fr.sante.dmp.gateway;

import fr.sante.dmp.gateway.config.ConfigException;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.EmbeddedMasterKey;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.ProductionChecks;
import fr.sante.dmp.gateway.config.RateLimitPolicy;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.gateway.embedded.ServedAddress;
import fr.sante.dmp.gateway.guard.HttpTransport;
import fr.sante.dmp.gateway.health.BusinessMetrics;
import fr.sante.dmp.gateway.problem.InvalidRequestHandler;
import fr.sante.dmp.notify.PeriodicPass;
import fr.sante.dmp.store.alert.AlertFeed;
import fr.sante.dmp.store.alert.AlertOptions;
import fr.sante.dmp.store.carehistory.PurgeReport;
import fr.sante.dmp.store.crypto.MasterKeys;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the {@link Modules} (embedded services, Vert.x, Redis, the store, the care history, the
 * notifications), the routes of the process's role served by one {@link ApiVerticle} per event loop, then the
 * background work; each a step of {@link #start}, in that order.
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

    private final Modules modules;
    private final HttpServers server;
    /** The timers of this process's role, stopped first by {@link #close}. */
    private final List<Runnable> background;

    private Platform(Modules modules, HttpServers server, List<Runnable> background) {
        this.modules = modules;
        this.server = server;
        this.background = background;
    }

    /** Starts everything; blocks the calling thread (never an event loop) until the API serves or start-up failed. */
    public static Platform start(GatewayConfig config) {
        // Production mode: what the configuration alone shows is refused before anything starts.
        ProductionChecks.refuseIfAny(ProductionChecks.of(config));
        // The HSMs (module, slot, PIN, label) are checked before any service starts: a wrong PIN or slot stops here.
        DataKeys.HsmKeys hsm = DataKeys.HsmKeys.open(config);
        Starting starting = new Starting(START_TIMEOUT);
        try {
            Modules m = Modules.start(config, hsm, starting);
            BusinessMetrics metrics = new BusinessMetrics(m.vertx(), m.registry(), m.store(), m.messaging(),
                    m.smsCaps()).start(config.businessMetricsInterval());
            starting.opened(metrics, () -> {
                metrics.stop();
                return Future.succeededFuture();
            });
            Router routes = config.roles().api() ? ApiRoutes.api(m, starting) : ApiRoutes.healthOnly(m, starting);
            // A worker-only process answers health and metrics: one server is plenty.
            HttpServers server = starting.await(HttpServers.start(m.vertx(), HttpTransport.serverOptions(config), routes,
                    new InvalidRequestHandler(), config.roles().api() ? config.httpInstances() : 1));
            if (config.metricsPort().isPresent()) {
                server = server.withMetrics(starting.await(ApiRoutes.metricsServer(m)));
            }
            // CLI commands in another shell link to this platform, not their defaults.
            ServedAddress.write(config.dataDir(), config.publicUrl());
            if (config.masterKey().isEmpty()) {
                // ./dmp keys rotate checks a restart picked its new key file up.
                new EmbeddedMasterKey(config.dataDir()).markInUse(MasterKeys.hex(MasterKeys.id(m.keys().masterKey())));
            }
            List<Runnable> background = new ArrayList<>();
            background.add(metrics::stop);
            if (config.roles().api()) {
                background.addAll(guardPasses(m));
            }
            if (config.roles().worker()) {
                background.addAll(workerPasses(m));
            }
            return new Platform(m, server, background);
        } catch (Exception e) {
            starting.undo();
            if (e instanceof ConfigException configuration) {
                throw configuration; // names the variable to fix, as is
            }
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("start-up failed: " + cause.getMessage(), cause);
        }
    }

    /** The api role's guard passes; each returns what stops it. */
    private static List<Runnable> guardPasses(Modules m) {
        List<Runnable> stops = new ArrayList<>();
        // What this instance counted alone while Redis was down goes back to Redis once it answers again (the requests
        // of the same clients write theirs back first; this sweep brings everyone else's). A failed sweep (Redis still
        // down) has nothing to report: the next one retries.
        stops.add(started(new PeriodicPass<>(m.vertx(), WRITE_BACK_EVERY, m.limiter()::writeBackAll, ar -> { })));
        if (m.config().guards().rateLimitPolicy() == RateLimitPolicy.LOCAL) {
            // The local buckets' share of each client's budget: a failed exchange is owed with the next one.
            stops.add(started(new PeriodicPass<>(m.vertx(), SHARE_BUCKETS_EVERY, m.limiter()::shareBuckets,
                    ar -> { })));
        }
        return stops;
    }

    /**
     * The worker role's work besides the dispatcher (which {@link fr.sante.dmp.gateway.messaging.Messaging} runs).
     * Every worker runs all of it; none of it is done twice: the scheduler's batches and the alert feed's cursor are
     * claimed with SKIP LOCKED, the purge deletes what is due (a second pass finds nothing), the head checkpoint is
     * inserted once per position.
     */
    private static List<Runnable> workerPasses(Modules m) {
        m.invitations().scheduler().start();
        // The patient's chosen alerts follow the audit log.
        AlertFeed alerts = m.store().alerts(m.messaging().notifications().outbox(),
                AlertOptions.defaults(m.config().publicUrl() + "/")).start();
        // The care history's rolling window: daily, in batches, on the event loop (the purge is non-blocking SQL).
        PeriodicPass<PurgeReport> purge = new PeriodicPass<>(m.vertx(), CARE_HISTORY_PURGE_EVERY,
                () -> m.care().purgeOlderThan24Months(CARE_HISTORY_PURGE_BATCH), ar -> {
                    if (ar.failed()) {
                        LOG.atWarn().addKeyValue("error", ar.cause().toString()).log("care-history purge failed");
                    }
                });
        return List.<Runnable>of(started(purge), m.invitations().scheduler()::stop, alerts::stop);
    }

    private static Runnable started(PeriodicPass<?> pass) {
        pass.start();
        return pass::stop;
    }

    public int httpPort() {
        return server.port();
    }

    /** The port of /metrics when it has a listener of its own (DMP_METRICS_PORT). */
    public Optional<Integer> metricsPort() {
        return server.metricsPort();
    }

    public String baseUrl() {
        return (modules.config().tls().isPresent() ? "https" : "http") + "://localhost:" + httpPort();
    }

    /** The patient space's home page. */
    public String patientSpaceUrl() {
        return baseUrl() + "/";
    }

    /** The opposition page written in invitations and reminders. */
    public String oppositionUrl() {
        return modules.config().oppositionUrl();
    }

    /** The dev inbox's port (embedded messaging only). */
    public Optional<Integer> inboxPort() {
        return modules.messaging().inboxPort();
    }

    /** The dev inbox (embedded messaging only): every SMS and e-mail sent, as a page and as JSON. */
    public Optional<String> inboxUrl() {
        return inboxPort().map(p -> "http://127.0.0.1:" + p + "/");
    }

    public String issuerUrl() {
        return modules.services().issuerUrl();
    }

    public EmbeddedServices services() {
        return modules.services();
    }

    public GatewayConfig config() {
        return modules.config();
    }

    @Override
    public void close() {
        // Stop taking requests and let those in flight finish (graceful shutdown: SIGTERM from an orchestrator
        // must not cut a deposit's answer off after its commit), then release the store, Redis and Vert.x, then the
        // embedded processes. Vert.x is closed from this (non-Vert.x) thread: a close composed on one of its own
        // contexts cannot complete.
        background.forEach(Runnable::run);
        ServedAddress.forget(modules.config().dataDir());
        await(server.shutdown().eventually(modules::closeServices),
                "HTTP server, notifications, care history and store");
        modules.redis().close();
        await(modules.vertx().close(), "Vert.x");
        modules.services().close();
    }

    private static void await(Future<?> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(DRAIN.toSeconds() + 20, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.atWarn().addKeyValue("what", what).addKeyValue("error", e.toString()).log("unclean shutdown");
        }
    }
}
