package fr.sante.dmp.store.patient.directives;

import fr.sante.dmp.store.ServiceFailures;
import static fr.sante.dmp.store.ServiceFailures.guarded;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.patient.PatientTransaction;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The patient's directives on PostgreSQL: each change one audited transaction, contents sealed. */
public final class PgPatientDirectivesService implements PatientDirectivesService {
    private final StoreKernel kernel;
    private final PatientTransaction changes;
    private final Directives directives;

    public PgPatientDirectivesService(StoreKernel kernel) {
        this(kernel, new PatientTransaction(kernel.pool(), kernel.insHasher(), kernel.door(), kernel.clock()));
    }

    private PgPatientDirectivesService(StoreKernel kernel, PatientTransaction changes) {
        this.kernel = kernel;
        this.changes = changes;
        this.directives = new Directives(kernel.pool(), changes, kernel.envelope(), kernel.insHasher());
    }

    @Override
    public PatientDirectivesService as(Representation representative) {
        return new PgPatientDirectivesService(kernel,
                changes.as(Objects.requireNonNull(representative, "representative")));
    }

    @Override
    public Future<Optional<AdvanceDirective>> directives(Ins ins) {
        return guarded(() -> directives.latest(ins));
    }

    @Override
    public Future<PrintableDirectives> printableDirectives(Ins ins) {
        return guarded(() -> directives.printable(ins));
    }

    @Override
    public Future<AdvanceDirective> saveDirectivesDraft(Ins ins, AdvanceDirectiveContent content) {
        return guarded(() -> directives.saveDraft(ins, content));
    }

    @Override
    public Future<AdvanceDirective> signDirectives(Ins ins) {
        return guarded(() -> directives.sign(ins));
    }

    @Override
    public Future<Void> revokeDirectives(Ins ins) {
        return guarded(() -> directives.revoke(ins));
    }

    @Override
    public Future<List<AdvanceDirective>> directivesHistory(Ins ins) {
        return guarded(() -> directives.history(ins));
    }
}
