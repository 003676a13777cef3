package fr.sante.dmp.pwa.privacy;

import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.Views;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.AccessPreview;
import fr.sante.dmp.store.patient.PatientService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Privacy: blocked professionals, treating doctor, emergency access, and the "who can see what" preview computed by
 * the consent engine (through the store) for a chosen profession.
 */
public final class PrivacyPages {

    /** Saved-change notices accepted from the query string (anything else is ignored). */
    private static final Set<String> NOTICES = Set.of("blocked", "unblocked", "doctorSet", "doctorRemoved",
            "emergencyOpposed", "emergencyAllowed");

    private final Views views;
    private final PatientService patients;

    public PrivacyPages(Views views, PatientService patients) {
        this.views = views;
        this.patients = patients;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.PRIVACY, ctx -> show(ctx, 200, FormErrors.none(), null, ""));
        routes.signedIn(HttpMethod.GET, Paths.PRIVACY_PREVIEW, this::preview);
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_BLOCK, this::block);
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_UNBLOCK, ctx -> {
            Rpps rpps = parsePath(ctx);
            return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).setBlocked(ins(ctx).subject(), rpps, false)
                    .compose(v -> Views.redirect(ctx, Paths.PRIVACY + "?saved=unblocked"));
        });
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_TREATING_DOCTOR, this::treatingDoctor);
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_EMERGENCY, ctx -> {
            boolean opposed = "true".equals(ctx.request().getFormAttribute("opposed"));
            return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).setEmergencyAccessOpposed(ins(ctx).subject(), opposed).compose(v -> Views.redirect(ctx,
                    Paths.PRIVACY + "?saved=" + (opposed ? "emergencyOpposed" : "emergencyAllowed")));
        });
    }

    private Future<Void> block(RoutingContext ctx) {
        FormErrors errors = FormErrors.none();
        String raw = ctx.request().getFormAttribute("rpps");
        Optional<Rpps> rpps = Inputs.rpps(raw, errors);
        if (rpps.isEmpty()) {
            return show(ctx, 400, errors, null, raw);
        }
        return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).setBlocked(ins(ctx).subject(), rpps.get(), true)
                .compose(v -> Views.redirect(ctx, Paths.PRIVACY + "?saved=blocked"));
    }

    private Future<Void> treatingDoctor(RoutingContext ctx) {
        if ("true".equals(ctx.request().getFormAttribute("remove"))) {
            return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).setTreatingDoctor(ins(ctx).subject(), Optional.empty())
                    .compose(v -> Views.redirect(ctx, Paths.PRIVACY + "?saved=doctorRemoved"));
        }
        FormErrors errors = FormErrors.none();
        String raw = ctx.request().getFormAttribute("doctor");
        Optional<Rpps> rpps = Inputs.rpps(raw, errors);
        if (rpps.isEmpty()) {
            FormErrors renamed = FormErrors.none();
            errors.entries().forEach(e -> renamed.add("doctor", e.getValue()));
            return show(ctx, 400, renamed, null, "");
        }
        // The store refuses an RPPS the directory does not know as a physician's (CSS L162-5-3): said at the field.
        return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).setTreatingDoctor(ins(ctx).subject(), rpps).compose(
                v -> Views.redirect(ctx, Paths.PRIVACY + "?saved=doctorSet"),
                e -> e instanceof RecordException.Invalid invalid && "rpps".equals(invalid.field())
                        ? show(ctx, 400, FormErrors.none().add("doctor", "error.doctor.notAPhysician"), null, "")
                        : Future.failedFuture(e));
    }

    private Future<Void> preview(RoutingContext ctx) {
        Profession profession;
        try {
            profession = Profession.fromCode(ctx.request().getParam("profession"));
        } catch (InvalidIdentifierException e) {
            return show(ctx, 400, FormErrors.none().add("profession", "error.profession.required"), null, "");
        }
        return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).preview(ins(ctx).subject(), profession).compose(p -> Views.isHtmx(ctx)
                ? views.send(ctx, 200, "partials/preview.jte", views.page(ctx, "privacy"), "preview", p)
                : show(ctx, 200, FormErrors.none(), p, ""));
    }

    private Future<Void> show(RoutingContext ctx, int status, FormErrors errors, AccessPreview preview,
                              String rppsValue) {
        String saved = ctx.request().getParam("saved");
        return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).overview(ins(ctx).subject()).compose(o -> views.send(ctx, status, "pages/privacy.jte",
                views.page(ctx, "privacy"), "overview", o, "errors", errors, "preview", preview,
                "rppsValue", rppsValue == null ? "" : rppsValue,
                "professions", PROFESSIONS,
                "saved", saved != null && NOTICES.contains(saved) ? "privacy.saved." + saved : null));
    }

    static final List<Profession> PROFESSIONS = Arrays.asList(Profession.values());

    private static PatientSession ins(RoutingContext ctx) {
        return Routes.session(ctx);
    }

    private static Rpps parsePath(RoutingContext ctx) {
        return Rpps.parse(ctx.pathParam("rpps"));
    }
}
