package fr.sante.dmp.pwa.represented;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.security.Csrf;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.representation.RepresentedPerson;
import fr.sante.dmp.store.representation.Representations;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * "Whose space": a representative (parent, guardian, person of trust) chooses the person to act for, or goes back to
 * their own space. Choosing opens a new session (new id, new CSRF token) acting for that person, named on every
 * page ("Vous agissez pour Léo Martin"); the link in force is re-read on every request.
 */
public final class RepresentedPages {
    private final PageRenderer views;
    private final SessionAuth sessions;
    private final Csrf csrf;

    public RepresentedPages(PageRenderer views, SessionAuth sessions, Csrf csrf) {
        this.views = views;
        this.sessions = sessions;
        this.csrf = csrf;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.REPRESENTED, this::show);
        routes.signedIn(HttpMethod.POST, Paths.ACT_FOR, this::actFor);
        routes.signedIn(HttpMethod.POST, Paths.OWN_SPACE, ctx -> switchTo(ctx, Optional.empty(), Optional.empty()));
    }

    private Future<Void> show(RoutingContext ctx) {
        PatientSession me = Routes.session(ctx);
        return representations().represented(me.ins()).compose(people -> views.send(ctx, 200,
                "pages/represented.jte", views.page(ctx, "represented"), "people", people,
                "actingFor", me.actingFor().map(Ins::value).orElse("")));
    }

    private Future<Void> actFor(RoutingContext ctx) {
        FormErrors errors = FormErrors.none();
        Optional<Ins> ins = Inputs.ins(ctx.request().getFormAttribute("ins"), errors);
        if (ins.isEmpty()) {
            return Future.failedFuture(new RecordException.Invalid("ins", "choose a person from the list"));
        }
        PatientSession me = Routes.session(ctx);
        return representations().authorise(me.ins(), ins.get(), true)
                .compose(by -> representations().represented(me.ins()))
                .compose(people -> {
                    Optional<RepresentedPerson> who = people.stream().filter(p -> p.ins().equals(ins.get())).findFirst();
                    if (who.isEmpty()) {
                        return Future.failedFuture(new RecordException.NotFound("represented person"));
                    }
                    return switchTo(ctx, ins, Optional.of(who.get().givenName() + " " + who.get().familyName()));
                });
    }

    /** A new session of the same person, acting for someone or not; the old one ends (no fixation across spaces). */
    private Future<Void> switchTo(RoutingContext ctx, Optional<Ins> actingFor, Optional<String> name) {
        PatientSession me = Routes.session(ctx);
        return sessions.store().create(me.ins(), me.birthDate(), PatientSession.Kind.WEB, actingFor, name,
                        me.createdAt())
                .compose(next -> sessions.store().delete(me.id()).map(v -> next))
                .compose(next -> {
                    ctx.response().addCookie(sessions.cookie(next));
                    ctx.put(PatientSession.CONTEXT_KEY, next);
                    csrf.issue(ctx, Csrf.binding(ctx));
                    return PageRenderer.redirect(ctx, Paths.DASHBOARD);
                });
    }

    private Representations representations() {
        return sessions.representations()
                .orElseThrow(() -> new RecordException.Unavailable("representations not configured", null));
    }
}
