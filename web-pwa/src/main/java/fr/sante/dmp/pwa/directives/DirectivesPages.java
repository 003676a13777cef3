package fr.sante.dmp.pwa.directives;

import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Page;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent;
import fr.sante.dmp.store.patient.directives.PatientDirectivesService;
import io.vertx.core.Future;
import fr.sante.dmp.pwa.documents.Download;
import fr.sante.dmp.store.RecordException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.Map;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Advance directives (R1111-17 to R1111-19): guided form of models A and B, drafts, signature re-confirmed by a fresh
 * one-time code, revocation, version history and a printable view. The latest signed version is the one in force.
 */
public final class DirectivesPages {

    private static final Set<String> NOTICES = Set.of("draft", "signed", "revoked");
    private final PageRenderer views;
    private final PatientDirectivesService directives;
    private final LoginService login;
    private final DirectivesPdf pdf;
    private final Clock clock;

    public DirectivesPages(PageRenderer views, PatientDirectivesService directives, LoginService login, DirectivesPdf pdf, Clock clock) {
        this.pdf = pdf;
        this.clock = clock;
        this.views = views;
        this.directives = directives;
        this.login = login;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.DIRECTIVES, ctx -> show(ctx, 200, null, FormErrors.none(), null));
        routes.signedIn(HttpMethod.POST, Paths.DIRECTIVES_DRAFT, DirectivesForm.BODY_LIMIT, this::saveDraft);
        routes.signedIn(HttpMethod.POST, Paths.DIRECTIVES_SIGN_CODE, this::sendCode);
        routes.signedIn(HttpMethod.POST, Paths.DIRECTIVES_SIGN, this::sign);
        routes.signedIn(HttpMethod.POST, Paths.DIRECTIVES_REVOKE, this::revoke);
        routes.signedIn(HttpMethod.GET, Paths.DIRECTIVES_PRINT, ctx -> printed(ctx).compose(p -> views.send(ctx,
                200, "pages/directivesPrint.jte", views.page(ctx, "directives"), "directive", p.directive(),
                "treatments", DirectivesForm.TREATMENTS, "person", p.person())));
        routes.signedIn(HttpMethod.GET, Paths.DIRECTIVES_PDF, this::pdf);
    }

    /** The latest version with who it is of; the directive is null when there is none. */
    private record Printed(AdvanceDirective directive, PrintedIdentity person) {
    }

    private Future<Printed> printed(RoutingContext ctx) {
        PatientSession s = session(ctx);
        // One query: the latest version and the names it is printed with.
        return fr.sante.dmp.pwa.web.Acting.on(ctx, directives).printableDirectives(s.subject()).map(p -> new Printed(
                p.latest().orElse(null), new PrintedIdentity((p.givenName() + " " + p.familyName()).strip(),
                s.birthDate(), s.subject(), clock.instant())));
    }

    /**
     * The directives as a PDF download: the print view's content with signature lines, laid out on a worker thread. An
     * attachment named with its date and extension, under the downloads' sandbox CSP.
     */
    private Future<Void> pdf(RoutingContext ctx) {
        Page page = views.page(ctx, "directives");
        return printed(ctx).compose(p -> {
            if (p.directive() == null) {
                return Future.failedFuture(new RecordException.NotFound("directives"));
            }
            String xhtml = views.render("pdf/directives.jte", Map.of("page", page, "directive", p.directive(),
                    "treatments", DirectivesForm.TREATMENTS, "person", p.person(), "css", pdf.css()));
            return pdf.render(xhtml).compose(bytes -> {
                HttpServerResponse r = ctx.response();
                PageRenderer.noStore(r);
                String name = page.t("directives.pdf.fileStem") + "-"
                        + p.person().printedAt().atZone(Page.ZONE).toLocalDate() + ".pdf";
                return r.putHeader("Content-Type", "application/pdf")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                        .putHeader("Content-Security-Policy", Download.CSP)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .end(bytes);
            });
        });
    }

    private Future<Void> saveDraft(RoutingContext ctx) {
        FormErrors errors = FormErrors.none();
        AdvanceDirectiveContent content = DirectivesForm.parse(ctx.request().formAttributes(), errors);
        if (!errors.isEmpty()) {
            return show(ctx, 400, content, errors, null);
        }
        return fr.sante.dmp.pwa.web.Acting.on(ctx, directives).saveDirectivesDraft(session(ctx).subject(), content)
                .compose(d -> PageRenderer.redirect(ctx, Paths.DIRECTIVES + "?saved=draft"));
    }

    private Future<Void> sendCode(RoutingContext ctx) {
        Page page = views.page(ctx, "directives");
        return login.requestSigningCode(session(ctx), page.lang()).compose(r -> r == LoginService.Request.SENT
                ? signPanel(ctx, 200, "code", FormErrors.none(), null)
                : signPanel(ctx, 429, "start", FormErrors.none(), "login.tooManyCodes"));
    }

    private Future<Void> sign(RoutingContext ctx) {
        FormErrors errors = FormErrors.none();
        Optional<String> code = Inputs.code(ctx.request().getFormAttribute("code"), "code", errors);
        if (code.isEmpty()) {
            return signPanel(ctx, 400, "code", errors, null);
        }
        return login.checkSigningCode(session(ctx), code.get()).compose(check -> switch (check) {
            case OK -> fr.sante.dmp.pwa.web.Acting.on(ctx, directives).signDirectives(session(ctx).subject())
                    .compose(d -> PageRenderer.redirect(ctx, Paths.DIRECTIVES + "?saved=signed"));
            case WRONG -> signPanel(ctx, 401, "code", errors.add("code", "error.code.wrong"), null);
            case EXPIRED -> signPanel(ctx, 401, "start", errors, "login.codeExpired");
            case TOO_MANY_ATTEMPTS -> signPanel(ctx, 401, "start", errors, "login.tooManyAttempts");
        });
    }

    private Future<Void> revoke(RoutingContext ctx) {
        if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
            return show(ctx, 400, null, FormErrors.none().add("confirm", "error.confirm.required"), null);
        }
        return fr.sante.dmp.pwa.web.Acting.on(ctx, directives).revokeDirectives(session(ctx).subject())
                .compose(v -> PageRenderer.redirect(ctx, Paths.DIRECTIVES + "?saved=revoked"));
    }

    /** The signature panel: an htmx fragment, or the whole page for a plain form. */
    private Future<Void> signPanel(RoutingContext ctx, int status, String step, FormErrors errors, String notice) {
        if (PageRenderer.isHtmx(ctx)) {
            return views.send(ctx, status, "partials/signPanel.jte", views.page(ctx, "directives"), "step", step,
                    "errors", errors, "notice", notice);
        }
        return show(ctx, status, null, errors, new SignState(step, notice));
    }

    /** Which step the signature panel shows, when a plain form (no htmx) renders the whole page. */
    public record SignState(String step, String notice) {
    }

    private Future<Void> show(RoutingContext ctx, int status, AdvanceDirectiveContent submitted, FormErrors errors,
                              SignState sign) {
        String saved = ctx.request().getParam("saved");
        return fr.sante.dmp.pwa.web.Acting.on(ctx, directives).directivesHistory(session(ctx).subject()).compose(history -> {
            Optional<AdvanceDirective> latest = history.stream().findFirst();
            AdvanceDirectiveContent content = submitted != null ? submitted
                    : latest.map(AdvanceDirective::content).orElse(DirectivesForm.blank());
            return views.send(ctx, status, "pages/directives.jte", views.page(ctx, "directives"),
                    "latest", latest.orElse(null), "history", history, "content", content, "errors", errors,
                    "sign", sign == null ? new SignState("start", null) : sign,
                    "treatments", DirectivesForm.TREATMENTS, "wishes", DirectivesForm.WISHES,
                    "saved", saved != null && NOTICES.contains(saved) ? "directives.saved." + saved : null);
        });
    }

    private static PatientSession session(RoutingContext ctx) {
        return Routes.session(ctx);
    }
}
