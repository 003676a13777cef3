package fr.sante.dmp.pwa;

import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.pwa.api.CareApi;
import fr.sante.dmp.pwa.api.MeApi;
import fr.sante.dmp.pwa.care.CareDesk;
import fr.sante.dmp.pwa.care.CarePages;
import fr.sante.dmp.pwa.dashboard.DashboardPages;
import fr.sante.dmp.pwa.directives.DirectivesPages;
import fr.sante.dmp.pwa.directives.DirectivesPdf;
import fr.sante.dmp.pwa.documents.DocumentPages;
import fr.sante.dmp.pwa.history.HistoryPages;
import fr.sante.dmp.pwa.info.InfoPages;
import fr.sante.dmp.pwa.login.LoginPages;
import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.login.OneTimeCodes;
import fr.sante.dmp.pwa.login.AttemptWindows;
import fr.sante.dmp.pwa.opposition.OppositionGrants;
import fr.sante.dmp.pwa.opposition.OppositionPages;
import fr.sante.dmp.pwa.opposition.OppositionReceipts;
import fr.sante.dmp.pwa.privacy.PrivacyPages;
import fr.sante.dmp.pwa.profile.ProfilePages;
import fr.sante.dmp.pwa.security.Csrf;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.security.SecurityHeaders;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.pwa.session.SessionStore;
import fr.sante.dmp.pwa.session.SessionThrottle;
import fr.sante.dmp.pwa.web.Failures;
import fr.sante.dmp.pwa.web.Messages;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.PatientApiContract;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.StaticAssets;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.record.RecordService;
import fr.sante.dmp.pwa.carehistory.CareHistoryPages;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import io.vertx.core.Vertx;
import java.util.Optional;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import fr.sante.dmp.pwa.passkey.PasskeyPages;
import fr.sante.dmp.pwa.profile.MedicalProfilePages;
import fr.sante.dmp.store.care.CareContextService;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.store.patient.passkey.PasskeyService;
import io.vertx.redis.client.RedisAPI;

/**
 * The patient space: pages (jte + htmx), static shell, manifest and service worker, and the patient JSON API under
 * {@code /api/v1/me} on a router of its own, with its own contract ({@code openapi-me.yaml}). Construct it once at
 * start-up (it reads its templates' classes, message bundles, static files and contract from the class path). Alone
 * (tests, benchmarks), mount {@link #router()} at {@code /}. The gateway mounts {@link #patientApi()} at
 * {@code /api/v1/me/*} before the professional API, and {@link #pages()} at {@code /} after it. The pages' routes
 * carry their own handlers; page requests they do not match fall through to the gateway's other routes, while nothing
 * under {@code /api/v1/me} leaves the patient API's router (its own 404 and 405).
 */
public final class PatientSpace {

    /**
     * The largest form field the pages take, in bytes once decoded: the directives' free text, 10,000 characters
     * (UTF-16 units, as the browser's maxlength counts them) of at most 3 UTF-8 bytes each. The HTTP server serving
     * this router must decode fields this large: {@code HttpServerOptions.setMaxFormAttributeSize(MAX_FORM_FIELD_BYTES)}
     * (Vert.x's default, 8,192 bytes, refused about 6,750 characters of ordinary French). A larger field is a 413 page.
     */
    public static final int MAX_FORM_FIELD_BYTES = 96 * 1024;

    private final Vertx vertx;
    private final Router pages;
    private final Router api;
    private Router router;
    private final StaticAssets assets;
    private final PageRenderer views;

    /** Without the insurer-fed care history: its routes answer 503 (fail closed). */
    public PatientSpace(Vertx vertx, RedisAPI redis, PatientServices patients, RecordService records,
                        CodeSender codeSender, PwaConfig config) {
        this(vertx, redis, patients, records, codeSender, config, Optional.empty());
    }

    /** Without care contexts either: their page and API answer 503 (tests and benchmarks of the other pages). */
    public PatientSpace(Vertx vertx, RedisAPI redis, PatientServices patients, RecordService records,
                        CodeSender codeSender, PwaConfig config, Optional<CareHistoryService> careHistory) {
        this(vertx, redis, patients, records, Optional.empty(), null, codeSender, config, careHistory);
    }

    /**
     * With passkeys ({@code DocumentStore.passkeys()}): registered from the profile page after a login by code, offered
     * on the login page. Without them the pages offer the one-time code only. The care contexts
     * ({@code DocumentStore.careContexts()}) serve "Professionals caring for me" and its API.
     */
    public PatientSpace(Vertx vertx, RedisAPI redis, PatientServices patients, RecordService records,
                        Optional<PasskeyService> passkeys, CareContextService careContexts, CodeSender codeSender,
                        PwaConfig config, Optional<CareHistoryService> careHistory) {
        this(vertx, redis, patients, records, passkeys, careContexts, Optional.empty(), codeSender, config,
                careHistory, Optional.empty());
    }

    /**
     * With the directory of professionals ({@code DocumentStore.directory()}): pages name the professionals whose RPPS
     * they show, the patient finds a treating doctor or someone to block by name, and {@code /api/v1/me/directory}
     * (also reached as {@code /api/v1/directory} with a patient's token) searches it. With representatives
     * ({@code DocumentStore.representations()}): a parent, guardian or person of trust signs in with their own login
     * and acts in the space of a person they represent (docs/representatives.md).
     */
    public PatientSpace(Vertx vertx, RedisAPI redis, PatientServices patients, RecordService records,
                        Optional<PasskeyService> passkeys, CareContextService careContexts,
                        Optional<ProfessionalDirectory> directory, CodeSender codeSender,
                        PwaConfig config, Optional<CareHistoryService> careHistory,
                        Optional<fr.sante.dmp.store.representation.Representations> representations) {
        this(vertx, redis, patients, records, passkeys, careContexts, directory, codeSender, config, careHistory,
                representations, fr.sante.dmp.pwa.export.FhirExport.NONE);
    }

    /**
     * With the writer of the whole-record export's FHIR Bundle (the gateway's, on HAPI's R4 model): the profile's
     * "download my record" and {@code GET /api/v1/me/export}. Without it (the constructors above) both answer 503.
     */
    public PatientSpace(Vertx vertx, RedisAPI redis, PatientServices patients, RecordService records,
                        Optional<PasskeyService> passkeys, CareContextService careContexts,
                        Optional<ProfessionalDirectory> directory, CodeSender codeSender,
                        PwaConfig config, Optional<CareHistoryService> careHistory,
                        Optional<fr.sante.dmp.store.representation.Representations> representations,
                        fr.sante.dmp.pwa.export.FhirExport fhirExport) {
        Hmac hmac = new Hmac(config.secret());
        this.assets = new StaticAssets();
        PageRenderer views = new PageRenderer(Messages.load(), assets.base(), config.secureCookies(), config.sessionIdleTimeout());
        this.views = views;
        Failures failures = new Failures(views);
        SessionStore store = new SessionStore(redis, config, hmac);
        SessionAuth sessions = new SessionAuth(store, config.secureCookies(), representations);
        Csrf csrf = new Csrf(hmac, config.secureCookies(), failures::csrf);
        AttemptWindows limiter = new AttemptWindows(redis);
        LoginService login = new LoginService(patients.login(), codeSender, new OneTimeCodes(redis, config, hmac), limiter,
                store, config, hmac);

        this.vertx = vertx;
        this.pages = Router.router(vertx);
        this.api = Router.router(vertx);
        PatientApiContract contract = new PatientApiContract(vertx);
        for (Router r : java.util.List.of(pages, api)) {
            r.route().handler(new SecurityHeaders());
            // Behind the gateway the request already has its id; alone (tests, benchmarks) it gets one here.
            r.route().handler(ctx -> {
                PageRenderer.requestId(ctx);
                ctx.next();
            });
        }
        assets.mount(pages);
        pages.get(PatientApiContract.PUBLISHED).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml").end(contract.text()));
        Routes routes = new Routes(pages, api, contract, config.bodyLimitBytes(), sessions, csrf, failures,
                new SessionThrottle(redis, config.apiBurstPerSecond(), config.apiCallsPerSession(), config.apiWindow()),
                config.codeWindow().compareTo(config.addressWindow()) > 0 ? config.codeWindow() : config.addressWindow());
        routes.open(HttpMethod.GET, Paths.HOME, ctx -> Routes.session(ctx) != null
                ? PageRenderer.redirect(ctx, Paths.DASHBOARD)
                : views.send(ctx, 200, "pages/home.jte", views.page(ctx, "home"),
                        "loggedOut", "1".equals(ctx.request().getParam(Paths.LOGGED_OUT))));
        // Typing in a long form keeps the session alive (app.js): loading the session restarts its idle timer.
        routes.signedIn(HttpMethod.POST, Paths.SESSION_KEEP_ALIVE, ctx -> {
            PageRenderer.noStore(ctx.response());
            return ctx.response().setStatusCode(204).end();
        });
        // Not personal: the service worker keeps it for when there is no network.
        routes.open(HttpMethod.GET, Paths.OFFLINE, ctx -> views.send(ctx, 200, "pages/offline.jte",
                views.page(ctx, null)));
        new InfoPages(views).mount(routes);
        new LoginPages(views, login, sessions, csrf, passkeys.isPresent()).mount(routes);
        passkeys.ifPresent(p -> new PasskeyPages(vertx, redis, p, login, sessions, csrf, config).mount(routes));
        new OppositionPages(views, patients.lifecycle(), patients.overview(), patients.login(), login, limiter, new OppositionGrants(redis, hmac),
                new OppositionReceipts(redis, hmac, config.sessionMaxLifetime()), codeSender, config, hmac).mount(routes);
        new DashboardPages(views, patients.lifecycle(), patients.overview(), patients.history(), records, config.clock(), directory).mount(routes);
        new DocumentPages(views, patients.choices(), records, directory).mount(routes);
        new PrivacyPages(views, patients.choices(), patients.overview(), directory).mount(routes);
        new DirectivesPages(views, patients.directives(), login, new DirectivesPdf(vertx), config.clock()).mount(routes);
        new HistoryPages(views, patients.history(), directory).mount(routes);
        new CareHistoryPages(views, careHistory).mount(routes);
        new ProfilePages(views, patients.lifecycle(), patients.choices(), patients.overview(), patients.login(), passkeys).mount(routes);
        new fr.sante.dmp.pwa.research.ResearchPages(views, patients.choices()).mount(routes);
        fr.sante.dmp.pwa.profile.ContactChanges contactChanges = new fr.sante.dmp.pwa.profile.ContactChanges(
                patients.contact(), new OneTimeCodes(redis, config, hmac), limiter, codeSender, hmac, config.clock());
        new fr.sante.dmp.pwa.profile.ContactPages(views, patients.login(), contactChanges).mount(routes);
        new fr.sante.dmp.pwa.api.ContactApi(patients.choices(), patients.login(), contactChanges).mount(routes);
        new MedicalProfilePages(views, patients.choices()).mount(routes);
        CareDesk care = new CareDesk(Optional.ofNullable(careContexts), login);
        new CarePages(views, care, config.clock(), directory).mount(routes);
        new MeApi(patients, records, login, sessions, careHistory).mount(routes);
        new fr.sante.dmp.pwa.represented.RepresentedPages(views, sessions, csrf).mount(routes);
        new CareApi(care, config.clock()).mount(routes);
        new fr.sante.dmp.pwa.api.DirectoryApi(directory).mount(routes);
        new fr.sante.dmp.pwa.api.HistoryApi(patients.history(), directory).mount(routes);
        new fr.sante.dmp.pwa.export.RecordExports(vertx, views, patients, records, fhirExport, config.clock())
                .mount(routes);
        routes.endApi();
    }

    /**
     * The page for a path nobody serves, for the gateway's last resort: an accessible HTML 404 in the person's
     * language (with this space's security headers) when a browser asks for HTML outside {@code /api/}; otherwise
     * {@code false} and the caller answers its problem document.
     */
    public boolean notFoundPage(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (ctx.request().path().startsWith("/api/") || accept == null || !accept.contains("text/html")) {
            return false;
        }
        SecurityHeaders.apply(ctx.response());
        views.send(ctx, 404, "pages/error.jte", views.page(ctx, null), "titleKey", "error.notFound.title",
                "textKey", "error.notFound.text");
        return true;
    }

    /**
     * The whole space on one router, for running it alone: the patient API at {@code /api/v1/me/*}, then the pages at
     * {@code /} and assets at {@code /assets/<version>/*}. Not with {@link #patientApi()} and {@link #pages()}: each
     * router is mounted once.
     */
    public synchronized Router router() {
        if (router == null) {
            router = Router.router(vertx);
            router.route(Paths.API + "/*").subRouter(api);
            router.route("/*").subRouter(pages);
        }
        return router;
    }

    /** The patient API's router, to mount at {@code /api/v1/me/*}: it answers everything under that path. */
    public Router patientApi() {
        return api;
    }

    /** The pages, assets and {@code /openapi-me.yaml}, to mount at {@code /}. */
    public Router pages() {
        return pages;
    }

    /** The hash in static asset URLs (changes with every build that changes an asset). */
    public String assetVersion() {
        return assets.version();
    }
}
