package fr.sante.dmp.store.patient.history;

import fr.sante.dmp.store.ServiceFailures;
import static fr.sante.dmp.store.ServiceFailures.guarded;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.store.StoreKernel;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Objects;

/** The history on PostgreSQL: pages of the audit log by the record's INS hash, reasons worded by the policy. */
public final class PgHistoryService implements HistoryService {
    private final History history;
    private final Emergencies emergencies;

    public PgHistoryService(StoreKernel kernel) {
        HistoryReasons reasons = new HistoryReasons(kernel.consent());
        this.history = new History(kernel.pool(), kernel.insHasher(), reasons, kernel.envelope());
        this.emergencies = new Emergencies(kernel.pool(), kernel.insHasher(), reasons);
    }

    private PgHistoryService(History history, Emergencies emergencies) {
        this.history = history;
        this.emergencies = emergencies;
    }

    @Override
    public HistoryService as(Representation representative) {
        Objects.requireNonNull(representative, "representative");
        return new PgHistoryService(history.forRepresentative(), emergencies);
    }

    @Override
    public Future<AccessHistoryPage> accessHistory(Ins ins, int page, int pageSize) {
        return guarded(() -> history.page(ins, HistoryFilter.ALL, page, pageSize));
    }

    @Override
    public Future<AccessHistoryPage> accessHistory(Ins ins, HistoryFilter filter, int page, int pageSize) {
        return guarded(() -> history.page(ins, filter, page, pageSize));
    }

    @Override
    public Future<EmergencyAccesses> emergencyAccesses(Ins ins, Instant since, int limit) {
        return guarded(() -> emergencies.since(ins, since, limit));
    }
}
