package fr.sante.dmp.store.patient.lifecycle;

import fr.sante.dmp.store.ServiceFailures;
import static fr.sante.dmp.store.ServiceFailures.guarded;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.patient.PatientTransaction;
import io.vertx.core.Future;
import java.util.Objects;

/** The lifecycle on PostgreSQL: one transaction per change, record row locked, audit appended last. */
public final class PgLifecycleService implements LifecycleService {
    private final StoreKernel kernel;
    private final PatientTransaction changes;
    private final Lifecycle lifecycle;

    public PgLifecycleService(StoreKernel kernel) {
        this(kernel, new PatientTransaction(kernel.pool(), kernel.insHasher(), kernel.door(), kernel.clock()));
    }

    private PgLifecycleService(StoreKernel kernel, PatientTransaction changes) {
        this.kernel = kernel;
        this.changes = changes;
        this.lifecycle = new Lifecycle(changes, kernel.envelope(), kernel.consent().lifecycle(kernel.clock()));
    }

    @Override
    public LifecycleService as(Representation representative) {
        return new PgLifecycleService(kernel, changes.as(Objects.requireNonNull(representative, "representative")));
    }

    @Override
    public Future<OppositionReceipt> oppose(Ins ins) {
        return guarded(() -> lifecycle.oppose(ins));
    }

    @Override
    public Future<Void> withdrawOpposition(Ins ins, String receiptCode) {
        return guarded(() -> lifecycle.withdrawOpposition(ins, receiptCode));
    }

    @Override
    public Future<Void> activateEarly(Ins ins) {
        return guarded(() -> lifecycle.activateEarly(ins));
    }

    @Override
    public Future<Void> close(Ins ins) {
        return guarded(() -> lifecycle.close(ins));
    }

    @Override
    public Future<Void> reopen(Ins ins) {
        return guarded(() -> lifecycle.reopen(ins));
    }

    @Override
    public Future<Void> requestDeletion(Ins ins) {
        return guarded(() -> lifecycle.requestDeletion(ins));
    }

    @Override
    public Future<Void> recordExport(Ins ins) {
        return guarded(() -> changes.apply(ins, AuditAction.EXPORT_RECORD, (tx, rec, now) -> Future.succeededFuture(
                rec.erased() || rec.identity() == null
                        ? PatientTransaction.Step.<Void>refused(new RecordException.Conflict(
                                "the record is " + rec.state() + ": there is nothing to export",
                                "le dossier est " + rec.state() + " : il n'y a rien à exporter"),
                                PatientTransaction.LIFECYCLE_CONFLICT, null)
                        : PatientTransaction.Step.<Void>done(null))));
    }
}
