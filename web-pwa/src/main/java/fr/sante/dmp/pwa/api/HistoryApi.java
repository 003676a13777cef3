package fr.sante.dmp.pwa.api;

import fr.sante.dmp.pwa.history.HistoryCsv;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.store.patient.history.HistoryFilter;
import fr.sante.dmp.pwa.web.Acting;
import fr.sante.dmp.store.patient.history.HistoryService;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET /api/v1/me/access-history?filter=professionals|mine|refused|emergency&page=N[&format=csv]}: the access
 * history, professionals' entries by default, each entry naming its document; as CSV, the whole filtered history.
 */
public final class HistoryApi {
    static final int PAGE_SIZE = 20;
    private final HistoryService history;
    private final Optional<ProfessionalDirectory> directory;

    public HistoryApi(HistoryService history, Optional<ProfessionalDirectory> directory) {
        this.history = history;
        this.directory = directory;
    }

    public void mount(Routes r) {
        r.api(HttpMethod.GET, "/access-history", true, ctx -> {
            HistoryFilter filter = filter(ctx);
            // json or csv: the contract's enumeration.
            if ("csv".equals(ctx.request().getParam("format", "json"))) {
                return HistoryCsv.send(ctx.response(), Acting.on(ctx, history), directory, MeApi.ins(ctx), filter);
            }
            return Acting.on(ctx, history).accessHistory(MeApi.ins(ctx), filter, MeApi.page(ctx), PAGE_SIZE)
                    .compose(h -> PageRenderer.json(ctx, 200, ApiJson.history(h).put("filter", filter.param())));
        });
    }

    static HistoryFilter filter(RoutingContext ctx) {
        return HistoryFilter.fromParam(ctx.request().getParam("filter"))
                .filter(f -> f != HistoryFilter.ALL)
                .orElseThrow(() -> new RecordException.Invalid("filter",
                        "must be professionals, mine, refused or emergency"));
    }
}
