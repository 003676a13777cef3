package fr.sante.dmp.pwa.research;

import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Research use (issue 22): what is shared, with whom and how, and the person's choice (object, or withdraw the
 * objection; under an opt-in policy, agree). The form is CSRF-protected like every form of the space.
 */
public final class ResearchPages {
    private final PageRenderer views;
    private final ChoicesService choices;

    public ResearchPages(PageRenderer views, ChoicesService choices) {
        this.views = views;
        this.choices = choices;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.RESEARCH, this::show);
        routes.signedIn(HttpMethod.POST, Paths.RESEARCH, ctx -> {
            boolean objected = "true".equals(ctx.request().getFormAttribute("objected"));
            return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setResearchUse(Routes.session(ctx).subject(), objected).compose(v -> PageRenderer.redirect(ctx,
                    Paths.RESEARCH + "?saved=" + (objected ? "objected" : "allowed")));
        });
    }

    private Future<Void> show(RoutingContext ctx) {
        String s = ctx.request().getParam("saved");
        String saved = "objected".equals(s) || "allowed".equals(s) ? "research.saved." + s : null;
        return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).researchUse(Routes.session(ctx).subject()).compose(choice -> views.send(ctx, 200,
                "pages/research.jte", views.page(ctx, "privacy"), "choice", choice, "saved", saved));
    }
}
