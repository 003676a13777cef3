package fr.sante.dmp.pwa.profile;

import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.patient.lifecycle.LifecycleService;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import fr.sante.dmp.store.patient.overview.OverviewService;
import fr.sante.dmp.store.patient.login.PatientLoginService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import fr.sante.dmp.store.patient.passkey.PasskeyService;
import java.util.function.Function;

/**
 * Profile (close with a clear statement of the 10-year archive, reopen, ask for deletion within 3 months, CSP
 * R1111-36) and the alerts the patient chooses.
 */
public final class ProfilePages {

    private static final Set<String> NOTICES = Set.of("closed", "reopened", "deletion", "deletionCancelled", "alerts", "passkey",
            "passkeyRemoved");
    private final PageRenderer views;
    private final LifecycleService lifecycle;
    private final ChoicesService choices;
    private final OverviewService overview;
    private final PatientLoginService patientLogin;
    private final Optional<PasskeyService> passkeys;

    public ProfilePages(PageRenderer views, LifecycleService lifecycle, ChoicesService choices, OverviewService overview, PatientLoginService patientLogin, Optional<PasskeyService> passkeys) {
        this.views = views;
        this.lifecycle = lifecycle;
        this.choices = choices;
        this.overview = overview;
        this.patientLogin = patientLogin;
        this.passkeys = passkeys;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.PROFILE, ctx -> profile(ctx, 200, FormErrors.none()));
        routes.signedIn(HttpMethod.POST, Paths.PROFILE_CLOSE, ctx -> confirmed(ctx, i -> fr.sante.dmp.pwa.web.Acting.on(ctx, lifecycle).close(i), "closed"));
        // Reopening is how a deletion request is cancelled (RecordLifecycle.reopen): the button says so, and so does
        // the notice after it.
        routes.signedIn(HttpMethod.POST, Paths.PROFILE_REOPEN, ctx -> fr.sante.dmp.pwa.web.Acting.on(ctx, lifecycle).reopen(Routes.session(ctx).subject())
                .compose(v -> PageRenderer.redirect(ctx, Paths.PROFILE + "?saved="
                        + ("yes".equals(ctx.request().getFormAttribute("cancelDeletion"))
                        ? "deletionCancelled" : "reopened"))));
        routes.signedIn(HttpMethod.POST, Paths.PROFILE_DELETION,
                ctx -> confirmed(ctx, i -> fr.sante.dmp.pwa.web.Acting.on(ctx, lifecycle).requestDeletion(i), "deletion"));
        routes.signedIn(HttpMethod.GET, Paths.ALERTS, this::alerts);
        routes.signedIn(HttpMethod.POST, Paths.ALERTS, ctx -> {
            var f = ctx.request().formAttributes();
            AlertPreferences.Channel channel = "EMAIL".equals(f.get("channel"))
                    ? AlertPreferences.Channel.EMAIL : AlertPreferences.Channel.SMS;
            AlertPreferences prefs = new AlertPreferences("yes".equals(f.get("everyAccess")),
                    "yes".equals(f.get("firstAccess")), "yes".equals(f.get("newDocument")), channel,
                    "yes".equals(f.get("careContext")));
            String language = "en".equals(f.get("language")) ? "en" : "fr";
            return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setAlerts(Routes.session(ctx).subject(), prefs)
                    .compose(v -> fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setLanguage(Routes.session(ctx).subject(), language))
                    .compose(v -> PageRenderer.redirect(ctx, Paths.ALERTS + "?saved=alerts"));
        });
    }

    private Future<Void> confirmed(RoutingContext ctx, Function<fr.sante.dmp.consent.Ins, Future<Void>> action,
                                   String notice) {
        String field = "deletion".equals(notice) ? "confirmDeletion" : "confirmClose";
        if (!"yes".equals(ctx.request().getFormAttribute(field))) {
            return profile(ctx, 400, FormErrors.none().add(field, "error.confirm.required"));
        }
        return action.apply(Routes.session(ctx).subject())
                .compose(v -> PageRenderer.redirect(ctx, Paths.PROFILE + "?saved=" + notice));
    }

    private Future<Void> profile(RoutingContext ctx, int status, FormErrors errors) {
        var ins = Routes.session(ctx).subject();
        Future<List<PasskeyService.Passkey>> keys = passkeys.map(p -> p.list(ins))
                .orElse(Future.succeededFuture(null));
        return Future.all(fr.sante.dmp.pwa.web.Acting.on(ctx, overview).overview(ins), keys).compose(all -> views.send(ctx, status, "pages/profile.jte",
                views.page(ctx, "profile"), "overview", all.resultAt(0), "errors", errors, "saved", saved(ctx),
                "passkeys", keys.result()));
    }

    private Future<Void> alerts(RoutingContext ctx) {
        var session = Routes.session(ctx);
        // The language on file is part of the contact the store keeps (messages are sent in it).
        return fr.sante.dmp.pwa.web.Acting.on(ctx, overview).overview(session.subject()).compose(o -> patientLogin.contactForLogin(session.ins(),
                session.birthDate()).compose(contact -> views.send(ctx, 200, "pages/alerts.jte",
                views.page(ctx, "alerts"), "alerts", o.alerts(), "saved", saved(ctx),
                "language", contact.map(c -> c.language()).orElse("fr"))));
    }

    private static String saved(RoutingContext ctx) {
        String s = ctx.request().getParam("saved");
        return s != null && NOTICES.contains(s) ? "profile.saved." + s : null;
    }
}
