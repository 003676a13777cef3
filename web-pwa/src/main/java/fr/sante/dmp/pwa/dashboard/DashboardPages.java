package fr.sante.dmp.pwa.dashboard;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.Deadline;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.Views;
import fr.sante.dmp.store.patient.AccessHistoryPage;
import fr.sante.dmp.store.patient.PatientOverview;
import fr.sante.dmp.store.patient.PatientService;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/** The signed-in home: the record's state and deadline, early activation, the latest documents. */
public final class DashboardPages {

    private final Views views;
    private final PatientService patients;
    private final RecordService records;
    private final Clock clock;

    public DashboardPages(Views views, PatientService patients, RecordService records, Clock clock) {
        this.views = views;
        this.patients = patients;
        this.records = records;
        this.clock = clock;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.DASHBOARD, this::show);
        routes.signedIn(HttpMethod.POST, Paths.ACTIVATION, ctx -> patients.activateEarly(Routes.session(ctx).ins())
                .compose(v -> Views.redirect(ctx, Paths.DASHBOARD + "?activated=1")));
    }

    private Future<Void> show(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        return patients.overview(s.ins()).compose(o -> latest(s, o).compose(docs -> emergencies(s, o)
                .compose(alerts -> views.send(ctx, 200,
                "pages/dashboard.jte", views.page(ctx, "dashboard"), "overview", o,
                "deadline", o.oppositionDeadline().map(d -> Deadline.of(d, clock)).orElse(null),
                "documents", docs, "emergencies", alerts,
                "activated", ctx.request().getParam("activated") != null))));
    }

    /** Emergency accesses among the latest audit entries: the patient is always told (R1111-48), here too. */
    private Future<List<AccessHistoryPage.Entry>> emergencies(PatientSession s, PatientOverview o) {
        if (o.state() != RecordState.ACTIVE) {
            return Future.succeededFuture(List.of());
        }
        return patients.accessHistory(s.ins(), 0, 50)
                .map(h -> h.entries().stream().filter(AccessHistoryPage.Entry::breakGlass).limit(3).toList());
    }

    private Future<List<DocumentSummary>> latest(PatientSession s, PatientOverview o) {
        if (o.state() != RecordState.ACTIVE) {
            return Future.succeededFuture(List.of());
        }
        return records.listDocuments(new Actor.Patient(s.ins()), s.ins())
                .map(docs -> docs.subList(0, Math.min(3, docs.size())));
    }
}
