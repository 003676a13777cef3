package fr.sante.dmp.pwa.login;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.security.Csrf;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Page;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Login pages: identity, then the code. The second step looks the same whether or not the identity exists. Each step
 * is one htmx fragment ({@code partials/loginForm}, {@code partials/loginCode}) inside the full page for plain forms.
 */
public final class LoginPages {

    private final PageRenderer views;
    private final LoginService login;
    private final SessionAuth sessions;
    private final Csrf csrf;
    private final boolean passkeys;

    public LoginPages(PageRenderer views, LoginService login, SessionAuth sessions, Csrf csrf, boolean passkeys) {
        this.passkeys = passkeys;
        this.views = views;
        this.login = login;
        this.sessions = sessions;
        this.csrf = csrf;
    }

    public void mount(Routes routes) {
        routes.open(HttpMethod.GET, Paths.LOGIN, ctx -> Routes.session(ctx) != null
                ? PageRenderer.redirect(ctx, Paths.DASHBOARD)
                : identityStep(ctx, 200, "", "", FormErrors.none(),
                        "1".equals(ctx.request().getParam(Paths.EXPIRED)) ? "login.expired" : null));
        routes.open(HttpMethod.POST, Paths.LOGIN, this::requestCode);
        routes.open(HttpMethod.POST, Paths.LOGIN_CODE, this::verify);
        routes.open(HttpMethod.POST, Paths.LOGOUT, this::logout);
    }

    private Future<Void> requestCode(RoutingContext ctx) {
        String rawIns = ctx.request().getFormAttribute("ins");
        String rawBirth = ctx.request().getFormAttribute("birthDate");
        FormErrors errors = FormErrors.none();
        Optional<Ins> ins = Inputs.ins(rawIns, errors);
        Optional<LocalDate> birth = Inputs.birthDate(rawBirth, errors);
        if (!errors.isEmpty()) {
            return identityStep(ctx, 400, rawIns, rawBirth, errors, null);
        }
        if (login.ownAccess(birth.get()).denied()) {
            // Under the own-access age: a clear refusal, no code drawn or sent (decided from the typed birth date).
            return identityStep(ctx, 403, rawIns, rawBirth, errors, "login.ownAccessAge");
        }
        Page page = views.page(ctx, "login");
        // "Send a new code" on the code step: refused, the person stays there (the last code still works) and is told
        // that nothing was sent, rather than left under "a code was just sent".
        boolean fromCodeStep = "code".equals(ctx.request().getFormAttribute("step"));
        return login.requestCode(ins.get(), birth.get(), PageRenderer.clientAddress(ctx), page.lang()).compose(r -> switch (r) {
            case SENT -> codeStep(ctx, 200, ins.get().value(), birth.get().toString(), FormErrors.none(), null);
            case TOO_MANY_FOR_IDENTITY -> fromCodeStep
                    ? codeStep(ctx, 429, rawIns, rawBirth, errors, "login.tooManyCodes.noneSent")
                    : identityStep(ctx, 429, rawIns, rawBirth, errors, "login.tooManyCodes");
            case TOO_MANY_FROM_ADDRESS -> identityStep(ctx, 429, rawIns, rawBirth, errors, "login.tooManyFromAddress");
        });
    }

    private Future<Void> verify(RoutingContext ctx) {
        String rawIns = ctx.request().getFormAttribute("ins");
        String rawBirth = ctx.request().getFormAttribute("birthDate");
        FormErrors errors = FormErrors.none();
        Optional<Ins> ins = Inputs.ins(rawIns, errors);
        Optional<LocalDate> birth = Inputs.birthDate(rawBirth, errors);
        if (!errors.isEmpty()) {
            return identityStep(ctx, 400, rawIns, rawBirth, errors, null);
        }
        Optional<String> code = Inputs.code(ctx.request().getFormAttribute("code"), "code", errors);
        if (code.isEmpty()) {
            return codeStep(ctx, 400, rawIns, rawBirth, errors, null);
        }
        return login.verify(ins.get(), birth.get(), code.get(), PageRenderer.clientAddress(ctx), PatientSession.Kind.WEB)
                .compose(v -> switch (v.outcome()) {
                    case OK -> signIn(ctx, v.session().orElseThrow());
                    // One answer for wrong, expired and burnt codes: told apart, they revealed the birth date.
                    case REFUSED -> codeStep(ctx, 401, rawIns, rawBirth, errors.add("code", "error.code.refused"), null);
                    case TOO_MANY_FROM_ADDRESS -> identityStep(ctx, 429, rawIns, rawBirth, errors,
                            "login.tooManyFromAddress");
                });
    }

    private Future<Void> signIn(RoutingContext ctx, PatientSession session) {
        // A new session id at login (no fixation) and a CSRF token bound to it.
        ctx.response().addCookie(sessions.cookie(session));
        ctx.put(PatientSession.CONTEXT_KEY, session);
        csrf.issue(ctx, Csrf.binding(ctx));
        return PageRenderer.redirect(ctx, Paths.DASHBOARD);
    }

    private Future<Void> logout(RoutingContext ctx) {
        PatientSession session = Routes.session(ctx);
        Future<Void> deleted = session == null ? Future.succeededFuture() : sessions.store().delete(session.id());
        return deleted.compose(v -> {
            ctx.response().addCookie(sessions.expired());
            // Not "storage": it would unregister the service worker, which holds nothing personal.
            ctx.response().putHeader("Clear-Site-Data", "\"cache\", \"cookies\"");
            return PageRenderer.redirect(ctx, Paths.HOME + "?" + Paths.LOGGED_OUT + "=1&lang=" + views.messages(ctx).lang());
        });
    }

    private Future<Void> identityStep(RoutingContext ctx, int status, String ins, String birthDate, FormErrors errors,
                                      String notice) {
        Page page = views.page(ctx, "login");
        String template = PageRenderer.isHtmx(ctx) ? "partials/loginForm.jte" : "pages/login.jte";
        return views.send(ctx, status, template, page, "step", "identity", "ins", nz(ins), "birthDate", nz(birthDate),
                "errors", errors, "notice", notice, "passkeys", passkeys);
    }

    private Future<Void> codeStep(RoutingContext ctx, int status, String ins, String birthDate, FormErrors errors,
                                  String notice) {
        Page page = views.page(ctx, "login");
        String template = PageRenderer.isHtmx(ctx) ? "partials/loginCode.jte" : "pages/login.jte";
        return views.send(ctx, status, template, page, "step", "code", "ins", nz(ins), "birthDate", nz(birthDate),
                "errors", errors, "notice", notice);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
