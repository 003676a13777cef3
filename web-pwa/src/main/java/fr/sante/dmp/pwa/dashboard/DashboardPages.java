package fr.sante.dmp.pwa.dashboard;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.directory.Professionals;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.Deadline;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.store.patient.history.EmergencyAccesses;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import fr.sante.dmp.store.patient.lifecycle.LifecycleService;
import fr.sante.dmp.store.patient.overview.OverviewService;
import fr.sante.dmp.store.patient.history.HistoryService;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The signed-in home: the record's state and deadline, early activation, the latest documents. */
public final class DashboardPages {

    private final PageRenderer views;
    private final LifecycleService lifecycle;
    private final OverviewService overview;
    private final HistoryService history;
    private final RecordService records;
    private final Clock clock;
    private final Optional<ProfessionalDirectory> directory;

    public DashboardPages(PageRenderer views, LifecycleService lifecycle, OverviewService overview, HistoryService history, RecordService records, Clock clock,
                          Optional<ProfessionalDirectory> directory) {
        this.views = views;
        this.lifecycle = lifecycle;
        this.overview = overview;
        this.history = history;
        this.records = records;
        this.clock = clock;
        this.directory = directory;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.DASHBOARD, this::show);
        routes.signedIn(HttpMethod.POST, Paths.ACTIVATION, ctx -> fr.sante.dmp.pwa.web.Acting.on(ctx, lifecycle).activateEarly(Routes.session(ctx).subject())
                .compose(v -> PageRenderer.redirect(ctx, Paths.DASHBOARD + "?activated=1")));
    }

    private Future<Void> show(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        return fr.sante.dmp.pwa.web.Acting.on(ctx, overview).overview(s.subject()).compose(o -> latest(ctx, s, o).compose(docs -> emergencies(ctx, s)
                .compose(alerts -> Professionals.of(directory, named(o, alerts)).compose(pros -> views.send(ctx, 200,
                "pages/dashboard.jte", views.page(ctx, "dashboard"), "overview", o,
                "deadline", o.oppositionDeadline().map(d -> Deadline.of(d, clock)).orElse(null),
                "documents", docs, "emergencies", alerts,
                "activated", ctx.request().getParam("activated") != null, "pros", pros)))));
    }

    /** Every RPPS the dashboard shows: the treating doctor and those of the emergency banner. */
    private static List<String> named(PatientOverview o, EmergencyAccesses alerts) {
        List<String> rpps = new java.util.ArrayList<>();
        o.treatingDoctorRpps().ifPresent(rpps::add);
        alerts.grants().forEach(g -> rpps.add(g.rpps()));
        alerts.refusals().forEach(r -> r.rpps().ifPresent(rpps::add));
        return rpps;
    }

    /** How far back the dashboard shows emergency accesses; the access history keeps them all. */
    static final Duration EMERGENCY_WINDOW = Duration.ofDays(30);
    static final int EMERGENCIES_SHOWN = 5;

    /**
     * The emergency accesses of the last 30 days, from the break-glass grants and the refused attempts themselves (the
     * patient is always told, R1111-48): a window of the history lost them behind the patient's own views, and took a
     * refused attempt for an access.
     */
    private Future<EmergencyAccesses> emergencies(RoutingContext ctx, PatientSession s) {
        return fr.sante.dmp.pwa.web.Acting.on(ctx, history).emergencyAccesses(s.subject(), clock.instant().minus(EMERGENCY_WINDOW), EMERGENCIES_SHOWN);
    }

    private Future<List<DocumentSummary>> latest(RoutingContext ctx, PatientSession s, PatientOverview o) {
        if (o.state() != RecordState.ACTIVE) {
            return Future.succeededFuture(List.of());
        }
        return records.listDocuments(fr.sante.dmp.pwa.web.Acting.actor(ctx), s.subject())
                .map(docs -> docs.subList(0, Math.min(3, docs.size())));
    }
}
