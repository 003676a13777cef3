package fr.sante.dmp.pwa.history;

import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.Views;
import fr.sante.dmp.store.patient.PatientService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Access history (R1111-43, L1111-19): every audit entry about the record, newest first, a page at a time ("show
 * more" appends the next page with htmx; without JavaScript it is a link to the next page). Break-glass entries stand
 * out.
 */
public final class HistoryPages {

    static final int PAGE_SIZE = 20;
    private final Views views;
    private final PatientService patients;

    public HistoryPages(Views views, PatientService patients) {
        this.views = views;
        this.patients = patients;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.HISTORY, this::show);
    }

    private Future<Void> show(RoutingContext ctx) {
        int page;
        try {
            page = Math.max(0, Math.min(10_000, Integer.parseInt(ctx.request().getParam("page", "0"))));
        } catch (NumberFormatException e) {
            page = 0;
        }
        int p = page;
        return fr.sante.dmp.pwa.web.Acting.on(ctx, patients).accessHistory(Routes.session(ctx).subject(), p, PAGE_SIZE).compose(h -> Views.isHtmx(ctx)
                ? views.send(ctx, 200, "partials/historyPage.jte", views.page(ctx, "history"), "history", h)
                : views.send(ctx, 200, "pages/history.jte", views.page(ctx, "history"), "history", h));
    }
}
