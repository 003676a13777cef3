package fr.sante.dmp.pwa.history;

import fr.sante.dmp.pwa.directory.Professionals;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.store.patient.history.HistoryFilter;
import fr.sante.dmp.store.patient.history.HistoryService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Access history (R1111-43, L1111-19): every audit entry about the record, newest first, a page at a time ("show
 * more" appends the next page with htmx; without JavaScript it is a link to the next page). Break-glass entries stand
 * out. Professionals' entries by default; the patient's own views (which would fill page after page) are a filter of
 * their own, as are refusals and emergencies. Every entry names its document; the whole filter downloads as CSV.
 */
public final class HistoryPages {

    static final int PAGE_SIZE = 20;
    private final PageRenderer views;
    private final HistoryService history;
    private final Optional<ProfessionalDirectory> directory;

    public HistoryPages(PageRenderer views, HistoryService history, Optional<ProfessionalDirectory> directory) {
        this.views = views;
        this.history = history;
        this.directory = directory;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.HISTORY, this::show);
        routes.signedIn(HttpMethod.GET, Paths.HISTORY_CSV, ctx -> HistoryCsv.send(ctx.response(),
                fr.sante.dmp.pwa.web.Acting.on(ctx, history), directory, Routes.session(ctx).subject(), filter(ctx)));
    }

    /** The filter of the query string; an unknown one falls back on the default (a link, not a form to correct). */
    static HistoryFilter filter(RoutingContext ctx) {
        return HistoryFilter.fromParam(ctx.request().getParam("filter")).filter(f -> f != HistoryFilter.ALL)
                .orElse(HistoryFilter.PROFESSIONALS);
    }

    /** The filters offered, in order. */
    public static final List<HistoryFilter> FILTERS = List.of(HistoryFilter.PROFESSIONALS, HistoryFilter.MINE,
            HistoryFilter.REFUSED, HistoryFilter.EMERGENCY);

    private Future<Void> show(RoutingContext ctx) {
        int page;
        try {
            page = Math.max(0, Math.min(10_000 / PAGE_SIZE, Integer.parseInt(ctx.request().getParam("page", "0"))));
        } catch (NumberFormatException e) {
            page = 0;
        }
        int p = page;
        HistoryFilter filter = filter(ctx);
        return fr.sante.dmp.pwa.web.Acting.on(ctx, history).accessHistory(Routes.session(ctx).subject(), filter, p, PAGE_SIZE).compose(h -> Professionals.of(
                directory, h.entries().stream().flatMap(e -> e.rpps().stream()).toList()).compose(pros -> PageRenderer.isHtmx(ctx)
                ? views.send(ctx, 200, "partials/historyPage.jte", views.page(ctx, "history"), "history", h,
                        "pros", pros, "filter", filter)
                : views.send(ctx, 200, "pages/history.jte", views.page(ctx, "history"), "history", h,
                        "pros", pros, "filter", filter, "filters", FILTERS)));
    }
}
