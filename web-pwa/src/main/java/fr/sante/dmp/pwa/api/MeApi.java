package fr.sante.dmp.pwa.api;

import fr.sante.dmp.store.carehistory.CareHistoryJson;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveJson;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.login.OneTimeCodes;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * The patient JSON API under {@code /api/v1/me} (contract: openapi-me.yaml): the same actions as the pages, for a
 * native app. Its session is a bearer token from {@code POST /login/verify}; the browser never sends it on its own, so
 * no CSRF token is needed here.
 */
public final class MeApi {

    private static final int PAGE_SIZE = 20;
    private static final String WRONG_CODE = "Wrong or expired code: check it, or ask for a new one";
    private final PatientServices patients;
    private final RecordService records;
    private final LoginService login;
    private final SessionAuth sessions;
    private final Optional<CareHistoryService> careHistory;

    public MeApi(PatientServices patients, RecordService records, LoginService login, SessionAuth sessions,
                 Optional<CareHistoryService> careHistory) {
        this.patients = patients;
        this.records = records;
        this.login = login;
        this.sessions = sessions;
        this.careHistory = careHistory;
    }

    public void mount(Routes r) {
        r.api(HttpMethod.POST, "/login", false, this::login);
        r.api(HttpMethod.POST, "/login/verify", false, this::verify);
        r.api(HttpMethod.POST, "/logout", true, ctx -> sessions.store().delete(session(ctx).id())
                .compose(v -> noContent(ctx)));
        r.api(HttpMethod.GET, "", true, ctx -> patients(ctx).overview().overview(ins(ctx))
                .compose(o -> PageRenderer.json(ctx, 200, ApiJson.overview(o))));
        r.api(HttpMethod.POST, "/opposition", true, ctx -> patients(ctx).lifecycle().oppose(ins(ctx))
                .compose(receipt -> PageRenderer.json(ctx, 201, ApiJson.receipt(receipt))));
        r.api(HttpMethod.POST, "/opposition/withdrawal", true, ctx -> {
            String code = body(ctx).getString("verificationCode").strip();
            // The store names the form's field; this API's request field is verificationCode (found by fuzzing).
            return patients(ctx).lifecycle().withdrawOpposition(ins(ctx), code)
                    .recover(e -> Future.failedFuture(e instanceof RecordException.Invalid i
                            && "receiptCode".equals(i.field())
                            ? new RecordException.Invalid("verificationCode", "does not match the receipt") : e))
                    .compose(v -> noContent(ctx));
        });
        r.api(HttpMethod.POST, "/activation", true, ctx -> patients(ctx).lifecycle().activateEarly(ins(ctx)).compose(v -> noContent(ctx)));
        r.api(HttpMethod.POST, "/close", true, ctx -> patients(ctx).lifecycle().close(ins(ctx)).compose(v -> noContent(ctx)));
        r.api(HttpMethod.POST, "/reopen", true, ctx -> patients(ctx).lifecycle().reopen(ins(ctx)).compose(v -> noContent(ctx)));
        r.api(HttpMethod.POST, "/deletion-request", true, ctx -> patients(ctx).lifecycle().requestDeletion(ins(ctx))
                .compose(v -> PageRenderer.json(ctx, 202, new JsonObject())));
        r.api(HttpMethod.GET, "/documents", true, ctx -> records.listDocuments(actor(ctx), ins(ctx))
                .compose(docs -> PageRenderer.json(ctx, 200, new JsonObject().put("documents", ApiJson.documents(docs)))));
        // The page's download policy: an attachment that never runs in our origin.
        r.api(HttpMethod.GET, "/documents/:id", true, ctx -> records.readDocument(actor(ctx), documentId(ctx))
                .compose(doc -> fr.sante.dmp.pwa.documents.Download.send(ctx.response(), doc)));
        r.api(HttpMethod.PUT, "/documents/:id/mask", true, ctx -> patients(ctx).choices().setMasked(ins(ctx), documentId(ctx), true)
                .compose(v -> noContent(ctx)));
        r.api(HttpMethod.DELETE, "/documents/:id/mask", true, ctx -> patients(ctx).choices().setMasked(ins(ctx), documentId(ctx), false)
                .compose(v -> noContent(ctx)));
        r.api(HttpMethod.PUT, "/documents/:id/confidential-from-representatives", true, ctx -> patients(ctx)
                .choices().setConfidentialFromRepresentatives(ins(ctx), documentId(ctx), true).compose(v -> noContent(ctx)));
        r.api(HttpMethod.DELETE, "/documents/:id/confidential-from-representatives", true, ctx -> patients(ctx)
                .choices().setConfidentialFromRepresentatives(ins(ctx), documentId(ctx), false).compose(v -> noContent(ctx)));
        new ActingFor(sessions, login).mount(r);
        r.api(HttpMethod.PUT, "/blocked/:rpps", true, ctx -> patients(ctx).choices().setBlocked(ins(ctx),
                Rpps.parse(ctx.pathParam("rpps")), true).compose(v -> noContent(ctx)));
        r.api(HttpMethod.DELETE, "/blocked/:rpps", true, ctx -> patients(ctx).choices().setBlocked(ins(ctx),
                Rpps.parse(ctx.pathParam("rpps")), false).compose(v -> noContent(ctx)));
        r.api(HttpMethod.PUT, "/treating-doctor", true, ctx -> patients(ctx).choices().setTreatingDoctor(ins(ctx),
                Optional.of(Rpps.parse(body(ctx).getString("rpps")))).compose(v -> noContent(ctx)));
        r.api(HttpMethod.DELETE, "/treating-doctor", true, ctx -> patients(ctx).choices().setTreatingDoctor(ins(ctx), Optional.empty())
                .compose(v -> noContent(ctx)));
        r.api(HttpMethod.PUT, "/emergency-access", true, ctx -> patients(ctx)
                .choices().setEmergencyAccessOpposed(ins(ctx), body(ctx).getBoolean("opposed")).compose(v -> noContent(ctx)));
        r.api(HttpMethod.GET, "/research-use", true, ctx -> patients(ctx).choices().researchUse(ins(ctx))
                .compose(u -> PageRenderer.json(ctx, 200, ApiJson.researchUse(u))));
        r.api(HttpMethod.PUT, "/research-use", true, ctx -> patients(ctx)
                .choices().setResearchUse(ins(ctx), body(ctx).getBoolean("objected")).compose(v -> noContent(ctx)));
        r.api(HttpMethod.PUT, "/alerts", true, ctx -> patients(ctx).choices().setAlerts(ins(ctx), ApiJson.alerts(body(ctx)))
                .compose(v -> noContent(ctx)));
        r.api(HttpMethod.GET, "/preview", true, ctx -> patients(ctx).overview().preview(ins(ctx),
                Profession.fromCode(ctx.request().getParam("profession")))
                .compose(p -> PageRenderer.json(ctx, 200, ApiJson.preview(p))));
        r.api(HttpMethod.GET, "/directives", true, ctx -> patients(ctx).directives().directives(ins(ctx)).compose(d -> d.isEmpty()
                ? Future.failedFuture(new RecordException.NotFound("directives"))
                : PageRenderer.json(ctx, 200, AdvanceDirectiveJson.directive(d.get()))));
        r.api(HttpMethod.PUT, "/directives", true, ctx -> patients(ctx).directives().saveDirectivesDraft(ins(ctx),
                ApiJson.content(body(ctx))).compose(d -> PageRenderer.json(ctx, 200, AdvanceDirectiveJson.directive(d))));
        r.api(HttpMethod.GET, "/directives/history", true, ctx -> patients(ctx).directives().directivesHistory(ins(ctx))
                .compose(list -> {
                    JsonArray a = new JsonArray();
                    list.forEach(d -> a.add(AdvanceDirectiveJson.directive(d)));
                    return PageRenderer.json(ctx, 200, new JsonObject().put("versions", a));
                }));
        r.api(HttpMethod.POST, "/directives/signature/code", true, ctx -> login.requestSigningCode(session(ctx),
                lang(ctx)).compose(res -> res == LoginService.Request.SENT
                        ? PageRenderer.json(ctx, 202, new JsonObject())
                        : PageRenderer.problem(ctx, ProblemType.TOO_MANY_CODES, null, "too many codes requested: try again later")));
        r.api(HttpMethod.POST, "/directives/signature", true, this::sign);
        r.api(HttpMethod.DELETE, "/directives", true, ctx -> patients(ctx).directives().revokeDirectives(ins(ctx))
                .compose(v -> noContent(ctx)));
        r.api(HttpMethod.GET, "/medical-profile", true, ctx -> patients(ctx).choices().medicalProfile(ins(ctx)).compose(p -> p.isEmpty()
                ? Future.failedFuture(new RecordException.NotFound("medical profile"))
                : PageRenderer.json(ctx, 200, new JsonObject(io.vertx.core.buffer.Buffer.buffer(p.get().toJson())))));
        r.api(HttpMethod.PUT, "/medical-profile", true, ctx -> patients(ctx).choices().saveMedicalProfile(ins(ctx),
                ApiJson.medicalProfile(body(ctx))).compose(v -> noContent(ctx)));
        r.api(HttpMethod.GET, "/care-history", true, ctx -> (SessionAuth.representation(ctx).isPresent()
                ? care().forRepresentative(actor(ctx)) : care().forPatient(ins(ctx)))
                .compose(lines -> PageRenderer.json(ctx, 200, CareHistoryJson.history(lines, true))));
        r.api(HttpMethod.PUT, "/care-history/lines/:lineId/hidden", true, ctx -> personOnly(ctx).compose(p -> care()
                .setLineHidden(ins(ctx), lineId(ctx), true)).compose(v -> noContent(ctx)));
        r.api(HttpMethod.DELETE, "/care-history/lines/:lineId/hidden", true, ctx -> personOnly(ctx).compose(p -> care()
                .setLineHidden(ins(ctx), lineId(ctx), false)).compose(v -> noContent(ctx)));
        r.api(HttpMethod.PUT, "/care-history/open", true, ctx -> {
            boolean open = body(ctx).getBoolean("open");
            return personOnly(ctx).compose(p -> care().setOpenToProfessionals(ins(ctx), open))
                    .compose(v -> noContent(ctx));
        });
    }

    /** Absent only where the patient space runs without the care-history service (its own tests): fail closed. */
    private CareHistoryService care() {
        return careHistory.orElseThrow(() -> new RecordException.Unavailable("care history not configured", null));
    }

    private static String lineId(RoutingContext ctx) {
        String id = ctx.pathParam("lineId");
        // The contract bounds its length; a control character is the store's one-line text rule: a 400 naming lineId
        // (a NUL reached PostgreSQL: a 503 "unavailable" that looked like an outage).
        fr.sante.dmp.store.Text.line("lineId", id);
        return id;
    }

    private Future<Void> login(RoutingContext ctx) {
        JsonObject b = body(ctx);
        FormErrors errors = FormErrors.none();
        Optional<Ins> ins = Inputs.ins(b.getString("ins"), errors);
        Optional<LocalDate> birth = Inputs.birthDate(b.getString("birthDate"), errors);
        if (!errors.isEmpty()) {
            return PageRenderer.problem(ctx, ProblemType.INVALID_FIELD, errors.firstField(), errors.firstField() + " is invalid");
        }
        // Under the policy's own-access age a minor's space is their representatives' to use: a clear refusal, and no
        // code is drawn or sent to anyone. Decided from the typed birth date, so it tells nothing of the INS.
        fr.sante.dmp.consent.Decision alone = patients.login().ownAccess(birth.get());
        if (alone.denied()) {
            return Future.failedFuture(new RecordException.AccessDenied(alone));
        }
        return login.requestCode(ins.get(), birth.get(), PageRenderer.clientAddress(ctx), lang(ctx)).compose(r -> switch (r) {
            // The same 202 whether or not the identity exists.
            case SENT -> PageRenderer.json(ctx, 202, new JsonObject().put("expiresInSeconds", login.codeTtl().toSeconds()));
            case TOO_MANY_FOR_IDENTITY, TOO_MANY_FROM_ADDRESS ->
                    PageRenderer.problem(ctx, ProblemType.TOO_MANY_ATTEMPTS, null, "Too many attempts, wait 15 minutes");
        });
    }

    private Future<Void> verify(RoutingContext ctx) {
        JsonObject b = body(ctx);
        FormErrors errors = FormErrors.none();
        Optional<Ins> ins = Inputs.ins(b.getString("ins"), errors);
        Optional<LocalDate> birth = Inputs.birthDate(b.getString("birthDate"), errors);
        Optional<String> code = Inputs.code(b.getString("code"), "code", errors);
        if (!errors.isEmpty()) {
            return PageRenderer.problem(ctx, ProblemType.INVALID_FIELD, errors.firstField(), errors.firstField() + " is invalid");
        }
        return login.verify(ins.get(), birth.get(), code.get(), PageRenderer.clientAddress(ctx), PatientSession.Kind.API)
                .compose(v -> switch (v.outcome()) {
                    case OK -> {
                        PatientSession s = v.session().orElseThrow();
                        yield PageRenderer.json(ctx, 200, new JsonObject().put("token", s.id())
                                .put("expiresAt", s.expiresAt().toString())
                                .put("idleTimeoutSeconds", java.time.Duration.between(s.createdAt(), s.expiresAt()).toSeconds()));
                    }
                    case TOO_MANY_FROM_ADDRESS -> PageRenderer.problem(ctx, ProblemType.TOO_MANY_ATTEMPTS, null, "Too many attempts");
                    // One answer for wrong, expired and burnt codes: told apart, they revealed the birth date.
                    case REFUSED -> PageRenderer.problem(ctx, ProblemType.WRONG_CODE, "code", WRONG_CODE);
                });
    }

    private Future<Void> sign(RoutingContext ctx) {
        FormErrors errors = FormErrors.none();
        Optional<String> code = Inputs.code(body(ctx).getString("code"), "code", errors);
        if (code.isEmpty()) {
            return PageRenderer.problem(ctx, ProblemType.INVALID_FIELD, "code", "code is invalid");
        }
        return login.checkSigningCode(session(ctx), code.get()).compose(check -> check == OneTimeCodes.Check.OK
                ? patients(ctx).directives().signDirectives(ins(ctx)).compose(d -> PageRenderer.json(ctx, 200, AdvanceDirectiveJson.directive(d)))
                : PageRenderer.problem(ctx, ProblemType.WRONG_CODE, "code", WRONG_CODE));
    }

    /**
     * The request's JSON object, of the shape its operation declares: the contract validated it before the action ran
     * (types, lengths, patterns, enumerations, unknown fields). An optional body left out is an empty object.
     */
    static JsonObject body(RoutingContext ctx) {
        JsonObject body = ctx.body().buffer() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
        return body == null ? new JsonObject() : body;
    }

    static PatientSession session(RoutingContext ctx) {
        return Routes.session(ctx);
    }

    /** The person whose record the call is about: the one a representative acts for, or the person themself. */
    static Ins ins(RoutingContext ctx) {
        return session(ctx).subject();
    }

    private static Actor.Patient actor(RoutingContext ctx) {
        return new Actor.Patient(ins(ctx), SessionAuth.representation(ctx));
    }

    /** The patient services as this request's actor: a representative's calls are audited and filtered as theirs. */
    private PatientServices patients(RoutingContext ctx) {
        return SessionAuth.representation(ctx).map(patients::as).orElse(patients);
    }

    /** Only the person makes this choice: a representative is refused (403, its rule) before anything is written. */
    private Future<Void> personOnly(RoutingContext ctx) {
        return patients(ctx).choices().personOnly(ins(ctx));
    }

    private static UUID documentId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            // Not a document id we issued: same answer as someone else's document.
            throw new RecordException.NotFound("document");
        }
    }

    /** The page asked for: an integer from 0 (the contract's bounds), read as at most 10,000. */
    static int page(RoutingContext ctx) {
        try {
            return (int) Math.min(10_000, Long.parseLong(ctx.request().getParam("page", "0")));
        } catch (NumberFormatException e) { // an integer the contract accepts in another spelling (1e3, 2^70)
            throw new RecordException.Invalid("page", "an integer from 0, in digits");
        }
    }

    static String lang(RoutingContext ctx) {
        String l = ctx.request().getHeader("Accept-Language");
        return l != null && l.toLowerCase().startsWith("en") ? "en" : "fr";
    }

    static Future<Void> noContent(RoutingContext ctx) {
        PageRenderer.noStore(ctx.response());
        return ctx.response().setStatusCode(204).end();
    }
}
