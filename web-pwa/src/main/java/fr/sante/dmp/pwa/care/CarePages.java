package fr.sante.dmp.pwa.care;

import fr.sante.dmp.pwa.directory.Professionals;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Page;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.CareCode;
import fr.sante.dmp.store.care.CareContext;
import fr.sante.dmp.store.care.CareContextService;
import fr.sante.dmp.store.care.ExpressConsent;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * "Professionals caring for me": every care context on the record (who, since when, until when, how it opened), each
 * live one ended at once by the patient; a one-time care code to give a professional; a grant to a professional of
 * the directory; occupational physicians' express consents. The store decides and audits every change.
 */
public final class CarePages {

    private static final Set<String> NOTICES = Set.of("granted", "consentGranted", "consentWithdrawn", "ended");
    /** The store names its fields; each form names its own (two RPPS fields share the page). */
    private static final Map<String, String[]> GRANT_ERRORS = Map.of(
            "rpps", new String[] {"rpps", "error.care.unknownProfessional"},
            "days", new String[] {"days", "error.days.range"});
    private static final Map<String, String[]> CONSENT_ERRORS = Map.of(
            "rpps", new String[] {"occupationalRpps", "error.care.notAPhysician"},
            "until", new String[] {"until", "error.until.range"});

    /** What the patient typed, given back with the errors. */
    public record Typed(String rpps, String days, String occupationalRpps, String until) {
        static final Typed EMPTY = new Typed("", "30", "", "");
    }

    /** The care code just issued (or why none was), as the page shows it. */
    public record CodePanel(CareCode code, boolean texted, String problem) {
    }

    private final PageRenderer views;
    private final CareDesk desk;
    private final Clock clock;
    private final Optional<ProfessionalDirectory> directory;

    public CarePages(PageRenderer views, CareDesk desk, Clock clock, Optional<ProfessionalDirectory> directory) {
        this.directory = directory;
        this.views = views;
        this.desk = desk;
        this.clock = clock;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.CARE, ctx -> show(ctx, 200, FormErrors.none(), Typed.EMPTY, null));
        routes.signedIn(HttpMethod.POST, Paths.CARE_CODE, this::code);
        routes.signedIn(HttpMethod.POST, Paths.CARE_GRANT, this::grant);
        routes.signedIn(HttpMethod.POST, Paths.CARE_END, this::end);
        routes.signedIn(HttpMethod.POST, Paths.CARE_EXPRESS, this::grantExpressConsent);
        routes.signedIn(HttpMethod.POST, Paths.CARE_EXPRESS_WITHDRAW, ctx -> {
            Rpps rpps = Rpps.parse(ctx.pathParam("rpps"));
            return desk.service(ctx).withdrawExpressConsent(ins(ctx), rpps)
                    .compose(v -> PageRenderer.redirect(ctx, Paths.CARE + "?saved=consentWithdrawn"));
        });
    }

    private Future<Void> code(RoutingContext ctx) {
        boolean bySms = "yes".equals(ctx.request().getFormAttribute("sms"));
        Page page = views.page(ctx, "care");
        return desk.issueCode(ctx, bySms, page.lang())
                .map(issued -> new CodePanel(issued.orElse(null), bySms && issued.isPresent(),
                        issued.isEmpty() ? "care.code.tooMany" : null))
                .recover(e -> e instanceof RecordException.Conflict
                        ? Future.succeededFuture(new CodePanel(null, false, "care.code.recordNotOpen"))
                        : Future.failedFuture(e))
                .compose(panel -> {
                    int status = panel.code() != null ? 200 : "care.code.tooMany".equals(panel.problem()) ? 429 : 409;
                    // htmx swaps 4xx answers too (the layout's htmx-config): the panel with the reason, announced.
                    return PageRenderer.isHtmx(ctx)
                            ? views.send(ctx, status, "partials/careCode.jte", page, "panel", panel)
                            : show(ctx, status, FormErrors.none(), Typed.EMPTY, panel);
                });
    }

    private Future<Void> grant(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        Typed typed = new Typed(value(form.get("rpps")), value(form.get("days")), "", "");
        FormErrors errors = FormErrors.none();
        Optional<Rpps> rpps = Inputs.rpps(typed.rpps(), errors);
        Optional<Integer> days = CareInputs.days(typed.days(), "days", errors);
        if (!errors.isEmpty()) {
            return show(ctx, 400, errors, typed, null);
        }
        return desk.service(ctx).grant(ins(ctx), rpps.get(), days.get()).compose(
                c -> PageRenderer.redirect(ctx, Paths.CARE + "?saved=granted"),
                e -> refused(ctx, e, GRANT_ERRORS, typed));
    }

    private Future<Void> grantExpressConsent(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        Typed typed = new Typed("", Typed.EMPTY.days(), value(form.get("occupationalRpps")), value(form.get("until")));
        FormErrors errors = FormErrors.none();
        Optional<Rpps> rpps = Inputs.rpps(typed.occupationalRpps(), "occupationalRpps", errors);
        Optional<LocalDate> until = CareInputs.until(typed.until(), "until", clock, errors);
        if (!errors.isEmpty()) {
            return show(ctx, 400, errors, typed, null);
        }
        return desk.service(ctx).grantExpressConsent(ins(ctx), rpps.get(), until.get()).compose(
                v -> PageRenderer.redirect(ctx, Paths.CARE + "?saved=consentGranted"),
                e -> refused(ctx, e, CONSENT_ERRORS, typed));
    }

    private Future<Void> end(RoutingContext ctx) {
        UUID id = contextId(ctx);
        CareContextService care = desk.service(ctx);
        return care.end(ins(ctx), id).compose(v -> !PageRenderer.isHtmx(ctx)
                ? PageRenderer.redirect(ctx, Paths.CARE + "?saved=ended#" + Ids.careContextRow(id))
                : care.list(ins(ctx)).compose(all -> {
                    CareContext ended = all.stream().filter(c -> c.id().equals(id)).findFirst()
                            .orElseThrow(() -> new RecordException.NotFound("care context"));
                    return Professionals.of(directory, List.of(ended.rpps())).compose(pros -> views.send(ctx, 200,
                            "partials/careContextRow.jte", views.page(ctx, "care"), "c", ended,
                            "now", clock.instant(), "changed", true, "pros", pros));
                }));
    }

    /** The store's field error (an RPPS the directory does not know, or not a physician's) next to its field. */
    private Future<Void> refused(RoutingContext ctx, Throwable e, Map<String, String[]> fields, Typed typed) {
        if (e instanceof RecordException.Invalid invalid && fields.containsKey(invalid.field())) {
            String[] field = fields.get(invalid.field());
            return show(ctx, 400, FormErrors.none().add(field[0], field[1]), typed, null);
        }
        return Future.failedFuture(e);
    }

    private Future<Void> show(RoutingContext ctx, int status, FormErrors errors, Typed typed, CodePanel code) {
        CareContextService care = desk.service(ctx);
        Future<List<CareContext>> contexts = care.list(ins(ctx));
        Future<List<ExpressConsent>> consents = care.expressConsents(ins(ctx));
        String saved = ctx.request().getParam("saved");
        return Future.all(contexts, consents).compose(all -> Professionals.of(directory, java.util.stream.Stream.concat(
                contexts.result().stream().map(CareContext::rpps), consents.result().stream().map(ExpressConsent::rpps))
                .toList()).compose(pros -> views.send(ctx, status, "pages/care.jte",
                views.page(ctx, "care"), "contexts", contexts.result(), "consents", consents.result(),
                "now", clock.instant(), "errors", errors, "typed", typed, "code", code,
                "saved", saved != null && NOTICES.contains(saved) ? "care.saved." + saved : null, "pros", pros)));
    }

    private static UUID contextId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            // Not an id we issued: the same answer as someone else's context.
            throw new RecordException.NotFound("care context");
        }
    }

    private static String value(String raw) {
        return raw == null ? "" : raw.strip();
    }

    /** The person whose care relationships these are: the one acted for, or the signed-in person. */
    private static Ins ins(RoutingContext ctx) {
        return Routes.session(ctx).subject();
    }
}
