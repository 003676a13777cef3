package fr.sante.dmp.gateway;

import fr.sante.dmp.gateway.api.ProfessionalApi;
import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.PresenceVerifier;
import fr.sante.dmp.gateway.auth.TokenVerifier;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.TlsConfig;
import fr.sante.dmp.gateway.fhir.FhirFace;
import fr.sante.dmp.gateway.fhir.RecordBundle;
import fr.sante.dmp.gateway.guard.ApiTransport;
import fr.sante.dmp.gateway.guard.CappedCodeSender;
import fr.sante.dmp.gateway.guard.ClientAddressHandler;
import fr.sante.dmp.gateway.guard.ControlCharacterGuard;
import fr.sante.dmp.gateway.guard.InFlightLimit;
import fr.sante.dmp.gateway.guard.PatientQuota;
import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.gateway.guard.Pseudonyms;
import fr.sante.dmp.gateway.health.Health;
import fr.sante.dmp.gateway.health.HttpRequestMetrics;
import fr.sante.dmp.gateway.operator.OperatorPages;
import fr.sante.dmp.problem.AllowedMethods;
import fr.sante.dmp.gateway.problem.FailureHandler;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.pwa.PatientSpace;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.crypto.InsHasher;
import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes one HTTP server answers, built once from the {@link Modules} and shared by every {@link ApiVerticle}
 * instance. In order: request id, client address, health and metrics (no patient-space headers on them); the patient
 * API's own router ({@code /api/v1/me/*}); the FHIR face and the professional API (the rest of {@code /api/v1}), so that
 * their requests do not walk the pages' routes ({@code git show baafc61:docs/BENCHMARKS.md}, "Read path after
 * profiling"); the patient space's pages at {@code /}; the operators' pages; the last-resort error handling.
 */
final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private ApiRoutes() {
    }

    /** Every face of the platform (the api role); each step waits for the one before it. */
    static Router api(Modules m, Starting starting) throws Exception {
        GatewayConfig config = m.config();
        // Tokens and presence assertions carry their issuer's real time: verified on the real clock, never the offset.
        Future<PresenceVerifier> presenceDiscovery = PresenceVerifier.discover(m.vertx(),
                m.services().presenceIssuerUrl(config), config.presenceAudience(), Clock.systemUTC());
        TokenVerifier verifier = starting.await(TokenVerifier.discover(m.vertx(), m.services().issuerUrl(),
                        config.oidcAudience(), config.tokenCacheSize(), Clock.systemUTC()))
                // The directory of professionals learns each professional from their first verified token.
                .onNewCaller(caller -> caller.professional()
                        .ifPresent(pro -> m.store().careContexts().seen(pro).onFailure(e -> LOG.atWarn()
                                .addKeyValue("error", e.getClass().getSimpleName())
                                .log("directory of professionals not updated from a token"))));
        PresenceVerifier presence = starting.await(presenceDiscovery);
        AllowedMethods allowed = starting.await(m.vertx().executeBlocking(
                () -> AllowedMethods.fromClasspath(ProfessionalApi.CONTRACT)));
        // Built on a worker: the constructor reads templates, message bundles and static files from the class path.
        PatientSpace space = starting.await(m.vertx().executeBlocking(() -> patientSpace(m,
                new CappedCodeSender(m.messaging().codeSender(), m.smsCaps(), config.guards()))));

        Router root = common(m);
        // The patient API is a room of its own, mounted first: its router answers everything under /api/v1/me (its own
        // 404 and 405), so the rest of /api/v1 is the professional API's.
        root.route(ProfessionalApi.PATIENT_API + "/*").subRouter(space.patientApi());
        // Transport first: its headers are on every answer, the in-flight limit's 503 too. The FHIR face shares the
        // professional API's transport, in-flight limit, token verification, buckets and quota counters: one client,
        // one budget, whichever face.
        ApiTransport transport = new ApiTransport(config.tls().flatMap(TlsConfig::clientCa).isPresent());
        InFlightLimit inFlight = new InFlightLimit(config.guards().maxInFlight(), m.registry());
        root.route(ProfessionalApi.MOUNT + "/*").handler(transport).handler(inFlight);
        root.route(FhirFace.MOUNT + "/*").handler(transport).handler(inFlight);
        AuthenticationHandler authn = new AuthenticationHandler(verifier);
        PatientQuota quota = new PatientQuota(new Pseudonyms(m.keys().insHashKey(), "patient-quota"),
                new InsHasher(m.keys().insHashKey()), config.guards().distinctPatientsPerDay(), m.clock());
        PatientQuotaHandler readQuota = new PatientQuotaHandler(m.limiter(), m.local(), quota, true);
        PatientQuotaHandler writeQuota = new PatientQuotaHandler(m.limiter(), m.local(), quota, false);
        starting.await(FhirFace.mount(m.vertx(), root, m.store().records(), authn, m.limiter(), m.local(), readQuota,
                writeQuota, verifier.issuerEndpoints()));
        starting.await(ProfessionalApi.mount(m.vertx(), root, m.store(), m.care(), m.invitations().campaigns(),
                m.breakGlass(), authn, m.limiter(), m.local(), readQuota, writeQuota, presence));
        // What the professional API did not match stays its own (404, or 405 naming the allowed methods): it must not
        // fall through to the patient space.
        root.route(ProfessionalApi.MOUNT + "/*").handler(rc -> unmatched(rc, allowed));
        patientSpaceAndErrors(root, space, allowed);
        OperatorPages operator = starting.await(OperatorPages.create(m.vertx(), verifier, m.invitations().campaigns(),
                m.breakGlass(), m.store().assistedOppositions(m.messaging().notifications().outbox()),
                m.store().audit(), Paths.ASSETS + "/" + space.assetVersion() + "/app.css", config.secureCookies()));
        operator.mount(root);
        operator.mountRepresentations(root, m.store().representations());
        return root;
    }

    /**
     * A worker-only process serves health (the orchestrator's probes) and metrics on DMP_HTTP_PORT, nothing else:
     * everything else is a problem document.
     */
    static Router healthOnly(Modules m, Starting starting) throws Exception {
        AllowedMethods allowed = starting.await(m.vertx().executeBlocking(
                () -> AllowedMethods.fromClasspath(ProfessionalApi.CONTRACT)));
        Router root = common(m);
        FailureHandler failures = new FailureHandler(allowed);
        root.route().handler(rc -> rc.fail(404));
        root.route().failureHandler(failures);
        root.errorHandler(404, failures);
        root.errorHandler(405, failures);
        root.errorHandler(500, failures);
        return root;
    }

    /**
     * /metrics alone on a listener of its own (DMP_METRICS_PORT, on DMP_METRICS_HOST: loopback by default), for the
     * scraper on the private network; the public port then answers 404 there.
     */
    static Future<HttpServer> metricsServer(Modules m) {
        Router metrics = Router.router(m.vertx());
        metrics.get("/metrics").handler(PrometheusScrapingHandler.create(m.registry()));
        return m.vertx().createHttpServer(new HttpServerOptions()
                        .setHost(m.config().metricsHost()).setPort(m.config().metricsPort().orElseThrow()))
                .requestHandler(metrics).listen();
    }

    /** Request id, client address, the control-character guard, health and metrics: what every process serves. */
    private static Router common(Modules m) {
        Router root = Router.router(m.vertx());
        root.route().handler(new HttpRequestMetrics(m.registry()));
        root.route().handler(new RequestIdHandler());
        root.route().handler(new ClientAddressHandler(m.config().guards().trustedProxies()));
        // A NUL in a path segment must be a 400 here, not reach PostgreSQL and come back as a 503.
        root.route().handler(new ControlCharacterGuard());
        new Health(m.store(), m.redisApi()).mount(root);
        if (m.config().metricsPort().isEmpty()) {
            root.get("/metrics").handler(PrometheusScrapingHandler.create(m.registry())); // development only
        }
        // Non-zero: a signer found the audit chain broken and refused to sign it (AuditAlarm): an incident.
        Gauge.builder("dmp.audit.checkpoints.refused", m.store().audit(), a -> a.refusedCheckpoints())
                .description("audit checkpoints refused because the entries since the last one were broken")
                .register(m.registry());
        return root;
    }

    private static PatientSpace patientSpace(Modules m, CodeSender codes) {
        GatewayConfig config = m.config();
        PwaConfig pwa = PwaConfig.defaults(m.keys().pwaSecret()).withSecureCookies(config.secureCookies())
                .withClock(config.clock())
                .withPasskeysFor(config.publicUrl())
                .withAttemptsPerAddress(config.loginAttemptsPerAddress());
        return new PatientSpace(m.vertx(), m.redisApi(), m.store().patients(), m.store().records(),
                Optional.of(m.store().passkeys()), m.store().careContexts(), Optional.of(m.store().directory()), codes,
                pwa, Optional.of(m.care()), Optional.of(m.store().representations()),
                new RecordBundle(FhirContext.forR4Cached()));
    }

    /**
     * The patient space's pages at {@code /} (with their own failure handler: error pages; what they do not match
     * falls through), and the last-resort error handling.
     */
    private static void patientSpaceAndErrors(Router root, PatientSpace space, AllowedMethods allowed) {
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
}
