package fr.sante.dmp.pwa.carehistory;

import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.carehistory.CareHistoryLine;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.text.Normalizer;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "Remboursements": the insurer-fed care history of the last 24 months as a timeline grouped by month of care, newest
 * first, with a text filter on label and code (a plain GET form: it works without JavaScript and the filter stays in
 * the address). Reading it is audited like any other read.
 */
public final class CareHistoryPages {
    static final int MAX_QUERY = 100;
    private final PageRenderer views;
    private final Optional<CareHistoryService> care;

    public CareHistoryPages(PageRenderer views, Optional<CareHistoryService> care) {
        this.views = views;
        this.care = care;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.CARE_HISTORY, this::show);
    }

    /** One month of the timeline. */
    public record Month(YearMonth month, List<CareHistoryLine> lines) {
    }

    /** What the page shows: the filter as typed, the months that have matching lines, and how many lines in all. */
    public record Timeline(String query, List<Month> months, int total) {
    }

    private Future<Void> show(RoutingContext ctx) {
        CareHistoryService service = care.orElseThrow(
                () -> new RecordException.Unavailable("care history not configured", null));
        String q = Optional.ofNullable(ctx.request().getParam("q")).map(String::strip).orElse("");
        String query = q.length() > MAX_QUERY ? q.substring(0, MAX_QUERY) : q;
        return (fr.sante.dmp.pwa.session.SessionAuth.representation(ctx).isPresent()
                ? service.forRepresentative(fr.sante.dmp.pwa.web.Acting.actor(ctx))
                : service.forPatient(Routes.session(ctx).ins())).compose(lines -> views.send(ctx, 200,
                "pages/careHistory.jte", views.page(ctx, "careHistory"), "timeline", timeline(lines, query)));
    }

    static Timeline timeline(List<CareHistoryLine> lines, String query) {
        String needle = fold(query);
        Map<YearMonth, List<CareHistoryLine>> byMonth = new LinkedHashMap<>();
        for (CareHistoryLine l : lines) {
            if (needle.isEmpty() || fold(l.label()).contains(needle) || fold(l.code()).contains(needle)) {
                byMonth.computeIfAbsent(YearMonth.from(l.dateOfCare()), m -> new ArrayList<>()).add(l);
            }
        }
        List<Month> months = new ArrayList<>();
        byMonth.forEach((m, ls) -> months.add(new Month(m, List.copyOf(ls))));
        return new Timeline(query, List.copyOf(months), lines.size());
    }

    /** Case- and accent-insensitive: "electro" finds "Électrocardiogramme". */
    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
