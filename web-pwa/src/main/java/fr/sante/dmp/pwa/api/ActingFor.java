package fr.sante.dmp.pwa.api;

import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.representation.RepresentedPerson;
import fr.sante.dmp.store.representation.Representations;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * A representative chooses whose space to act in (docs/representatives.md): {@code GET /api/v1/me/represented} lists
 * the people the signed-in person may act for; {@code POST /api/v1/me/acting-for} with {@code {"ins"}} returns a token
 * with which every {@code /api/v1/me/...} call acts for that person, the link in force re-read on every request.
 * Always about the signed-in person's own links, whatever the current token acts for.
 */
final class ActingFor {
    private final SessionAuth sessions;

    ActingFor(SessionAuth sessions, LoginService login) {
        this.sessions = sessions;
    }

    void mount(Routes r) {
        r.api(HttpMethod.GET, "/represented", true, ctx -> representations().represented(Routes.session(ctx).ins())
                .compose(people -> {
                    JsonArray a = new JsonArray();
                    people.forEach(p -> a.add(json(p)));
                    return PageRenderer.json(ctx, 200, new JsonObject().put("represented", a));
                }));
        r.api(HttpMethod.POST, "/acting-for", true, this::actFor);
    }

    private Future<Void> actFor(RoutingContext ctx) {
        FormErrors errors = FormErrors.none();
        Optional<Ins> ins = Inputs.ins(MeApi.body(ctx).getString("ins"), errors);
        if (!errors.isEmpty()) {
            return PageRenderer.problem(ctx, ProblemType.INVALID_FIELD, errors.firstField(), errors.firstField() + " is invalid");
        }
        PatientSession me = Routes.session(ctx);
        return representations().authorise(me.ins(), ins.get(), true)
                // Its lifetime counts from the login it comes from: chaining tokens never outlives that login.
                .compose(by -> sessions.store().create(me.ins(), me.birthDate(), PatientSession.Kind.API, ins,
                        Optional.empty(), me.createdAt()))
                .compose(s -> PageRenderer.json(ctx, 200, new JsonObject().put("token", s.id())
                        .put("expiresAt", s.expiresAt().toString())));
    }

    private Representations representations() {
        return sessions.representations()
                .orElseThrow(() -> new RecordException.Unavailable("representations not configured", null));
    }

    static JsonObject json(RepresentedPerson p) {
        return new JsonObject().put("ins", p.ins().value()).put("givenName", p.givenName())
                .put("familyName", p.familyName()).put("kind", p.kind().name()).put("from", p.from().toString())
                .put("until", p.until().map(Object::toString).orElse(null)).put("link", p.link().toString());
    }
}
