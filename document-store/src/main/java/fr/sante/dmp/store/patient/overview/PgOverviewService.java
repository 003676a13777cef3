package fr.sante.dmp.store.patient.overview;

import fr.sante.dmp.store.ServiceFailures;
import static fr.sante.dmp.store.ServiceFailures.guarded;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.store.StoreKernel;
import io.vertx.core.Future;
import java.util.Objects;

/** The dashboard and the preview on PostgreSQL: plain queries, consent settings never cached. */
public final class PgOverviewService implements OverviewService {
    private final PatientDashboard dashboard;

    public PgOverviewService(StoreKernel kernel) {
        this(new PatientDashboard(kernel.pool(), kernel.door(), kernel.envelope(), kernel.insHasher(),
                kernel.clock()));
    }

    private PgOverviewService(PatientDashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    public OverviewService as(Representation representative) {
        return new PgOverviewService(dashboard.as(Objects.requireNonNull(representative, "representative")));
    }

    @Override
    public Future<PatientOverview> overview(Ins ins) {
        return guarded(() -> dashboard.overview(ins));
    }

    @Override
    public Future<AccessPreview> preview(Ins ins, Profession profession) {
        return guarded(() -> dashboard.preview(ins, profession));
    }

    @Override
    public Future<OverviewWithPreview> overviewWithPreview(Ins ins, Profession profession) {
        return guarded(() -> dashboard.overviewWithPreview(ins, profession));
    }
}
