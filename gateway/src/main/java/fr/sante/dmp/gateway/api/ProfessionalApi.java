package fr.sante.dmp.gateway.api;

import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.gateway.auth.PresenceVerifier;
import fr.sante.dmp.gateway.auth.ScopeHandler;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.gateway.problem.FailureHandler;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimitHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import fr.sante.dmp.store.invitation.CampaignService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The professional API, built from the OpenAPI contract ({@code openapi.yaml}): each operation's route runs
 * authentication → scope (from the contract's security requirements) → rate limit (with the distinct-patient quota
 * in the same Redis call for reads naming a patient) → body (20 MiB) → contract
 * validation → handler; the care-history feed streams its body instead (no body handler, no contract validation).
 */
public final class ProfessionalApi {
    public static final String CONTRACT = "openapi.yaml";
    public static final String MOUNT = "/api/v1";
    public static final String PATIENT_API = MOUNT + "/me";
    public static final long BODY_LIMIT = 20L * 1024 * 1024;
    private static final String SCHEME = "bearerAuth";
    /** Operations whose body is streamed to their handler (feed: 1 GiB, cohort: 2 GiB), not read by the body handler. */
    private static final Set<String> STREAMED = Set.of("feedCareHistory", "importCampaign");
    /**
     * Operations on one named patient ({@code {ins}} in the path), reads and deposits: the distinct-patient quota
     * counts them before the body is read. A read by document id is counted by its handler once the store has named
     * the patient.
     */
    private static final Set<String> PATIENT_OPERATIONS = Set.of("listDocuments", "breakGlass", "readCareHistory",
            "readDirectives", "openCareContext", "depositDocument");

    private ProfessionalApi() {
    }

    /** Mounts the API under {@value #MOUNT} and serves the contract at {@code /openapi.yaml}. */
    public static Future<Void> mount(Vertx vertx, Router root, DocumentStore store, CareHistoryService care,
            CampaignService campaigns, BreakGlassGrants breakGlass, AuthenticationHandler authn, RateLimiter limiter,
            LocalGuard local, PatientQuotaHandler patientReads, PatientQuotaHandler patientWrites,
            PresenceVerifier presence) {
        return Contract.load(vertx, CONTRACT).map(loaded -> {
            OpenAPIContract contract = loaded.model();
            CampaignHandlers campaign = new CampaignHandlers(campaigns, store.audit());
            BreakGlassReviewHandlers reviews = new BreakGlassReviewHandlers(breakGlass, store.audit());
            ResearchHandlers research = new ResearchHandlers(store.research(), store.audit());
            RepresentationHandlers links = new RepresentationHandlers(store.representations());
            Map<String, Handler<RoutingContext>> handlers = Map.ofEntries(
                    Map.entry("feedCareHistory", new FeedCareHistoryHandler(care)),
                    Map.entry("readCareHistory", new CareHistoryHandler(care)),
                    Map.entry("registerPatient", new RegisterPatientHandler(store.records())),
                    Map.entry("depositDocument", new DepositHandler(vertx, store.records())),
                    Map.entry("listDocuments", new ListDocumentsHandler(store.records())),
                    Map.entry("readDocument", new ReadDocumentHandler(store.records(), patientReads)),
                    Map.entry("releaseDocument", new ReleaseDocumentHandler(store.records())),
                    Map.entry("openCareContext", new CareContextHandler(store.careContexts(), presence)),
                    Map.entry("registerProfessional", new RegisterProfessionalHandler(store.careContexts())),
                    Map.entry("searchDirectory", new DirectoryHandler(store.directory())),
                    Map.entry("breakGlass", new BreakGlassHandler(breakGlass)),
                    Map.entry("listBreakGlassReviews", reviews.listAll()),
                    Map.entry("markBreakGlassReviewed", reviews.markAll()),
                    Map.entry("listOwnBreakGlassReviews", reviews.listOwn()),
                    Map.entry("markOwnBreakGlassReviewed", reviews.markOwn()),
                    Map.entry("verifyAudit", new AuditVerifyHandler(store.audit())),
                    Map.entry("readDirectives", new DirectivesHandler(store.directives())),
                    Map.entry("importCampaign", campaign.importCohort()),
                    Map.entry("readCampaign", campaign.progress()),
                    Map.entry("readCampaignRejections", campaign.rejections()),
                    Map.entry("registerResearchProject", research.register()),
                    Map.entry("endResearchProject", research.end()),
                    Map.entry("listResearchExtracts", research.extracts()),
                    Map.entry("createRepresentation", links.create()),
                    Map.entry("endRepresentation", links.end()),
                    Map.entry("recordDirectivesAuthorisation", links.directivesAuthorisation()));
            // Mounted after the patient API's own router (which answers all of /api/v1/me) and before the pages (so API
            // requests skip their routes): every request here is a professional's, authenticated first.
            RouterBuilder builder = RouterBuilder.create(vertx, contract).rootHandler(authn);
            // The body is read only once the caller is authenticated, authorised and within its rate: a stranger
            // cannot make us buffer 20 MiB. Vert.x orders BODY before USER handlers on one route; the request is
            // paused by the authentication handler, so reading it later is safe and the wrapper keeps it USER.
            BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
            ContractValidator validator = new ContractValidator(vertx, contract);
            for (OpenAPIRoute route : builder.getRoutes()) {
                Operation op = route.getOperation();
                Handler<RoutingContext> handler = handlers.get(op.getOperationId());
                if (handler == null) {
                    throw new IllegalStateException("no handler for operation " + op.getOperationId());
                }
                Set<String> scopes = scopesOf(op);
                String operationId = op.getOperationId();
                boolean streamed = STREAMED.contains(operationId);
                boolean read = scopes.equals(Set.of(Caller.READ));
                // Operations that name a patient count towards the professional's distinct patients of the day;
                // those a reading client may call (care-context openings too) go on under the local fallback.
                boolean counted = PATIENT_OPERATIONS.contains(operationId);
                boolean readable = scopes.contains(Caller.READ);
                route.setDoSecurity(false).setDoValidation(false)
                        .addHandler(rc -> {
                            rc.put(RequestIdHandler.OPERATION, operationId);
                            rc.next();
                        })
                        .addHandler(new ScopeHandler(scopes,
                                !scopes.contains(Caller.ADMIN) && !scopes.contains(Caller.DPO)))
                        // Reads naming a patient: rate limit and quota in one Redis call; other operations: the limit.
                        .addHandler(counted ? (readable ? patientReads : patientWrites)
                                : new RateLimitHandler(limiter, read ? Optional.of(local) : Optional.empty()))
                        // The feed and the cohort import stream their body into the store: no buffering, nothing to validate as a whole.
                        .addHandler(streamed ? RoutingContext::next : body::handle)
                        .addHandler(streamed ? RoutingContext::next : new ContractValidationHandler(validator, op))
                        .addHandler(handler);
            }
            Router api = builder.createRouter();
            api.route().failureHandler(new FailureHandler());
            // The directory answers a patient's token too: that is a session of the patient space, which serves the
            // same search at /api/v1/me/directory. A JWT (three dot-separated parts) goes on to the professional API.
            root.get(DIRECTORY).handler(rc -> {
                if (patientBearer(rc.request().getHeader("Authorization"))) {
                    String query = rc.request().query();
                    rc.reroute(PATIENT_API + "/directory" + (query == null ? "" : "?" + query));
                } else {
                    rc.next();
                }
            });
            root.route(MOUNT + "/*").subRouter(api);
            root.get("/openapi.yaml").handler(rc -> rc.response()
                    .putHeader("Content-Type", "application/yaml")
                    .end(loaded.text()));
            return null;
        });
    }

    static final String DIRECTORY = MOUNT + "/directory";

    /** A bearer token that is not a JWT: a patient space session (its tokens have no dots), never a professional's. */
    static boolean patientBearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String token = authorization.substring(7).trim();
        return !token.isEmpty() && token.indexOf('.') < 0;
    }

    /**
     * The scopes that grant this operation: each of the contract's security requirements (alternatives) names exactly
     * one; an operation without one is a contract defect.
     */
    private static Set<String> scopesOf(Operation op) {
        Set<String> scopes = new java.util.HashSet<>();
        if (op.getExtensions().get(Contract.SCOPES_EXTENSION) instanceof io.vertx.core.json.JsonArray alternatives) {
            alternatives.forEach(scope -> scopes.add(String.valueOf(scope)));
        }
        for (SecurityRequirement requirement : op.getSecurityRequirements()) {
            if (requirement.getNames().contains(SCHEME) && requirement.getScopes(SCHEME).size() == 1) {
                scopes.add(requirement.getScopes(SCHEME).get(0));
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalStateException("operation " + op.getOperationId() + " must require a scope");
        }
        return Set.copyOf(scopes);
    }
}
