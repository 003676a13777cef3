package fr.sante.dmp.pwa.api;

import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.pwa.care.CareDesk;
import fr.sante.dmp.pwa.care.CareInputs;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * The patient API's care relationships (contract: openapi-me.yaml): the one-time care code, the care contexts on the
 * record, occupational physicians' express consents. Every input is checked here, field by field, before the store
 * is called; the store's own refusals (an RPPS the directory does not know) come back as the same 400 naming the
 * field. Same bearer session as the rest of {@code /api/v1/me}.
 */
public final class CareApi {

    private final CareDesk desk;
    private final Clock clock;

    public CareApi(CareDesk desk, Clock clock) {
        this.desk = desk;
        this.clock = clock;
    }

    public void mount(Routes r) {
        r.api(HttpMethod.POST, "/care-code", true, this::careCode);
        r.api(HttpMethod.GET, "/care-contexts", true, ctx -> desk.service(ctx).list(MeApi.ins(ctx)).compose(list -> {
            JsonArray a = new JsonArray();
            list.forEach(c -> a.add(ApiJson.careContext(c, clock.instant())));
            return PageRenderer.json(ctx, 200, new JsonObject().put("careContexts", a));
        }));
        r.api(HttpMethod.POST, "/care-contexts", true, this::grant);
        r.api(HttpMethod.DELETE, "/care-contexts/:id", true, ctx -> desk.service(ctx).end(MeApi.ins(ctx), contextId(ctx))
                .compose(v -> MeApi.noContent(ctx)));
        r.api(HttpMethod.PUT, "/express-consents/:rpps", true, this::grantExpressConsent);
        r.api(HttpMethod.DELETE, "/express-consents/:rpps", true, ctx -> {
            FormErrors errors = FormErrors.none();
            Optional<Rpps> rpps = CareInputs.apiRpps(ctx.pathParam("rpps"), "rpps", errors);
            return rpps.isEmpty() ? invalid(ctx, errors)
                    : desk.service(ctx).withdrawExpressConsent(MeApi.ins(ctx), rpps.get()).compose(v -> MeApi.noContent(ctx));
        });
    }

    /** Optional body {@code {"sendBySms": true}}: also texted, through the login's code sender and cap. */
    private Future<Void> careCode(RoutingContext ctx) {
        boolean bySms = MeApi.body(ctx).getBoolean("sendBySms", false);
        return desk.issueCode(ctx, bySms, MeApi.lang(ctx)).compose(code -> code.isEmpty()
                ? PageRenderer.problem(ctx, ProblemType.TOO_MANY_CODES, null, "at most 3 codes per 15 minutes: try again later")
                : PageRenderer.json(ctx, 201, new JsonObject().put("code", code.get().code())
                        .put("expiresAt", code.get().expiresAt().toString())));
    }

    /** {@code {"rpps", "days"}}: the patient lets a professional of the directory in for 1 to 365 days. */
    private Future<Void> grant(RoutingContext ctx) {
        JsonObject b = MeApi.body(ctx);
        FormErrors errors = FormErrors.none();
        Optional<Rpps> rpps = CareInputs.apiRpps(b.getValue("rpps"), "rpps", errors);
        Optional<Integer> days = CareInputs.days(b.getValue("days"), "days", errors);
        if (!errors.isEmpty()) {
            return invalid(ctx, errors);
        }
        return desk.service(ctx).grant(MeApi.ins(ctx), rpps.get(), days.get())
                .compose(c -> PageRenderer.json(ctx, 201, ApiJson.careContext(c, clock.instant())));
    }

    /** {@code PUT /express-consents/{rpps}} with {@code {"until": "YYYY-MM-DD"}}, today to one year ahead. */
    private Future<Void> grantExpressConsent(RoutingContext ctx) {
        FormErrors errors = FormErrors.none();
        Optional<Rpps> rpps = CareInputs.apiRpps(ctx.pathParam("rpps"), "rpps", errors);
        if (rpps.isEmpty()) {
            return invalid(ctx, errors);
        }
        Optional<LocalDate> date = CareInputs.until(MeApi.body(ctx).getString("until"), "until", clock, errors);
        if (date.isEmpty()) {
            return invalid(ctx, errors.isEmpty() ? errors.add("until", "error.until.invalid") : errors);
        }
        return desk.service(ctx).grantExpressConsent(MeApi.ins(ctx), rpps.get(), date.get())
                .compose(v -> MeApi.noContent(ctx));
    }

    private static Future<Void> invalid(RoutingContext ctx, FormErrors errors) {
        return PageRenderer.problem(ctx, ProblemType.INVALID_FIELD, errors.firstField(), errors.firstField() + " is invalid");
    }

    private static UUID contextId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            // Not an id we issued: the same answer as someone else's context.
            throw new RecordException.NotFound("care context");
        }
    }
}
