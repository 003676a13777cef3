package fr.sante.dmp.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.gateway.auth.ScopeHandler;
import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.gateway.guard.LocalGuard;
import fr.sante.dmp.gateway.ratelimit.RateLimitHandler;
import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;

/**
 * The FHIR R4 face (IHE MHD as ANS PDSm profiles it) on the gateway's router, under {@value #MOUNT}: the same bearer
 * tokens, scopes, rate limit, distinct-patient quota and in-flight limit as the professional JSON API, and the same
 * record services behind them (every decision and audit entry is the door's). Each authenticated route runs
 * authentication → scope → rate limit (with the quota for reads naming a patient) → body (writes) → handler.
 */
public final class FhirFace {
    public static final String MOUNT = "/fhir/r4";
    /** A bundle of documents of up to 20 MiB each, base64-encoded in JSON or XML. */
    public static final long BODY_LIMIT = 32L * 1024 * 1024;
    public static final String SMART = "/.well-known/smart-configuration";

    private FhirFace() {
    }

    /**
     * Builds HAPI's R4 context on a worker (it scans the model; the first parse and serialisation of each resource type
     * are done there too, so no event loop pays for them), then mounts the routes.
     *
     * @param patientQuota the reads' rate limit and distinct-patient quota (this instance's own when Redis is down):
     *                     searches, and reads by id once the store named the record's patient
     * @param writeQuota   the writes' (503 when Redis is down): an ITI-65 bundle's patient, once the bundle is parsed
     */
    public static Future<Void> mount(Vertx vertx, Router root, RecordService records, AuthenticationHandler authn,
            RateLimiter limiter, LocalGuard local, PatientQuotaHandler patientQuota, PatientQuotaHandler writeQuota,
            JsonObject issuer) {
        return vertx.executeBlocking(FhirFace::warmContext).map(context -> {
            Fhir fhir = new Fhir(vertx, context);
            Router router = Router.router(vertx);
            // A read by id names its patient once the store found the document; a bundle, once it is parsed: each is
            // counted then (with no second token), as the JSON API counts them.
            DocumentHandlers documents = new DocumentHandlers(fhir, records, patientQuota);
            PatientHandlers patients = new PatientHandlers(fhir, records);
            SubmissionSetLists submissionSets = new SubmissionSetLists(fhir, records, patientQuota);
            ProvideHandler provide = new ProvideHandler(fhir, records, writeQuota);
            Date published = new Date();

            // A _format nobody serves is refused before anything is asked of the store.
            router.route().handler(rc -> {
                FhirFormat.answer(rc);
                // As on the JSON API (ControlCharacterGuard): no parameter of ours holds a control character.
                if (fr.sante.dmp.gateway.guard.ControlCharacterGuard.hasControlCharacter(rc)) {
                    rc.fail(new fr.sante.dmp.problem.ProblemException(fr.sante.dmp.problem.Problem
                            .field(fr.sante.dmp.problem.ProblemType.INVALID_FIELD, "path",
                                    "the request's path or query holds a control character (such as NUL)")));
                    return;
                }
                rc.next();
            });
            router.get("/metadata").handler(operation("fhir-metadata")).handler(rc ->
                    fhir.send(rc, 200, Capability.statement(DocumentHandlers.base(rc), issuer, published), 0));
            router.get(SMART).handler(rc -> smart(rc, issuer));

            PatientQuotaHandler documentQuota = patientQuota.namingPatientBy(
                    rc -> DocumentSearchParameters.insOf(rc.queryParams()));
            PatientQuotaHandler patientSearchQuota = patientQuota.namingPatientBy(PatientHandlers::insOf);
            // As on the JSON API: reads go on under this instance's own limits when Redis is down, writes fail closed.
            RateLimitHandler readLimit = new RateLimitHandler(limiter, java.util.Optional.of(local));
            RateLimitHandler writeLimit = new RateLimitHandler(limiter, java.util.Optional.empty());
            BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
            // Reads: the authentication handler paused the request; reading its (empty) body to the end lets the
            // connection serve the next request (a request never ended made every refusal close its connection:
            // G2f was a quarter of G2 for reconnecting).
            BodyHandler noBody = BodyHandler.create(false).setBodyLimit(64 * 1024);

            secured(router.get("/DocumentReference"), "fhir-iti67", authn, Caller.READ, documentQuota)
                    .handler(rc -> noBody.handle(rc))
                    .handler(documents::search);
            secured(router.get("/DocumentReference/:id"), "fhir-read-document", authn, Caller.READ, readLimit)
                    .handler(rc -> noBody.handle(rc))
                    .handler(documents::read);
            secured(router.get("/Binary/:id"), "fhir-iti68", authn, Caller.READ, readLimit)
                    .handler(rc -> noBody.handle(rc))
                    .handler(documents::retrieve);
            secured(router.get("/List/:id"), "fhir-read-submission-set", authn, Caller.READ, readLimit)
                    .handler(rc -> noBody.handle(rc))
                    .handler(submissionSets::read);
            secured(router.get("/Patient"), "fhir-iti78", authn, Caller.READ, patientSearchQuota)
                    .handler(rc -> noBody.handle(rc))
                    .handler(patients::search);
            secured(router.get("/Patient/:id"), "fhir-read-patient", authn, Caller.READ, patientSearchQuota)
                    .handler(rc -> noBody.handle(rc))
                    .handler(patients::read);
            // The base itself: "/fhir/r4" (as HAPI's client posts a transaction) or "/fhir/r4/".
            secured(router.routeWithRegex(HttpMethod.POST, "^/?$"), "fhir-iti65", authn, Caller.WRITE, writeLimit)
                    // Read only once the caller is authenticated, authorised and within its rate (as on the JSON API).
                    .handler(rc -> body.handle(rc))
                    .handler(provide::handle);
            router.routeWithRegex("^/?$").handler(rc -> rc.fail(405));
            for (String path : new String[] {"/metadata", "/DocumentReference", "/DocumentReference/:id",
                "/Binary/:id", "/List/:id", "/Patient", "/Patient/:id"}) {
                router.route(path).handler(rc -> rc.fail(405));
            }
            router.route().handler(rc -> rc.fail(404));
            router.route().failureHandler(new FhirFailureHandler(fhir));
            root.route(MOUNT + "/*").subRouter(router);
            root.get(SMART).handler(rc -> smart(rc, issuer));
            return null;
        });
    }

    private static Route secured(Route route, String operation, AuthenticationHandler authn, String scope,
                                 Handler<RoutingContext> limit) {
        return route.handler(operation(operation)).handler(authn).handler(new ScopeHandler(scope, true))
                .handler(limit);
    }

    private static Handler<RoutingContext> operation(String id) {
        return rc -> {
            rc.put(RequestIdHandler.OPERATION, id);
            rc.next();
        };
    }

    private static void smart(RoutingContext rc, JsonObject issuer) {
        rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(Capability.smartConfiguration(issuer).encode());
    }

    /** The context, with the model of every resource type the face reads or writes already scanned. */
    static FhirContext warmContext() {
        FhirContext context = FhirContext.forR4();
        // The face never puts a resource inside a Reference (bundle entries are entries, authors are identifiers), so
        // there is nothing to contain: HAPI's walk of every element looking for such references was a quarter of
        // the serialisation of a searchset (byte-identical answers, FhirEncodingTest).
        context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
        for (var r : new org.hl7.fhir.instance.model.api.IBaseResource[] {new Bundle(), new DocumentReference(),
            new Patient(), new OperationOutcome(), new org.hl7.fhir.r4.model.Binary(),
            new org.hl7.fhir.r4.model.ListResource(), new org.hl7.fhir.r4.model.CapabilityStatement()}) {
            String json = context.newJsonParser().encodeResourceToString(r);
            context.newJsonParser().parseResource(json);
            String xml = context.newXmlParser().encodeResourceToString(r);
            context.newXmlParser().parseResource(xml);
        }
        return context;
    }
}
