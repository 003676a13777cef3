package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The record services on PostgreSQL. Writes go through {@code pool} in transactions; reads through {@code client}, a
 * pipelined client (never used for transactions), with their audit entries group-committed.
 */
public final class PgRecordService implements RecordService {
    static final int MIN_REASON = 10;

    private final DocumentReader reads;
    private final RecordWriter writes;

    private final PatientDeposits patientDeposits;
    private final DocumentSearch search;
    private final BundleDeposit bundles;
    private final SubmissionSets submissionSets;

    public PgRecordService(StoreKernel kernel) {
        this.reads = new DocumentReader(kernel.vertx(), kernel.client(), kernel.door(), kernel.envelope(), kernel.insHasher(),
                kernel.clock());
        this.writes = new RecordWriter(kernel.vertx(), kernel.pool(), kernel.door(), kernel.envelope(), kernel.insHasher(),
                kernel.clock());
        this.patientDeposits = new PatientDeposits(kernel.pool(), kernel.envelope(), kernel.insHasher(), writes);
        this.search = new DocumentSearch(kernel.client(), kernel.door(), kernel.envelope(), kernel.insHasher(),
                kernel.clock(), reads);
        this.submissionSets = new SubmissionSets(kernel.client(), kernel.door(), kernel.clock());
        this.bundles = new BundleDeposit(kernel.vertx(), kernel.pool(), kernel.door(), kernel.envelope(),
                kernel.insHasher(), kernel.clock());
    }

    /** The patient's own documents, deposited by the same path as the professionals'. */
    public PatientDeposits patientDeposits() {
        return patientDeposits;
    }

    @Override
    public Future<Registration> register(String operator, Ins ins, PersonRegistration person) {
        return guarded(() -> writes.register(operator, ins, person));
    }

    @Override
    public Future<UUID> deposit(Actor.Professional actor, Ins ins, NewDocument document) {
        return guarded(() -> writes.deposit(actor, ins, document));
    }

    @Override
    public Future<List<DocumentSummary>> listDocuments(Actor actor, Ins ins) {
        return guarded(() -> reads.list(actor, ins, Purpose.CARE, Optional.empty()));
    }

    @Override
    public Future<OwnDocument> readOwnDocument(Actor.Patient actor, UUID documentId) {
        return guarded(() -> reads.readOwn(actor, documentId));
    }

    @Override
    public Future<OwnDocumentList> listOwnDocuments(Actor.Patient actor, Ins ins) {
        return guarded(() -> reads.listOwn(actor, ins));
    }

    @Override
    public Future<DocumentContent> readDocument(Actor actor, UUID documentId, Admission admission) {
        return guarded(() -> reads.read(actor, documentId, admission));
    }

    @Override
    public Future<Void> release(Actor.Professional actor, UUID documentId) {
        return guarded(() -> reads.release(actor, documentId));
    }

    @Override
    public Future<DocumentPage> searchDocuments(Actor actor, Ins ins, DocumentQuery query) {
        return guarded(() -> search.search(actor, ins, query));
    }

    @Override
    public Future<Provided> depositAll(Actor.Professional actor, Ins ins, String sourceId,
                                       List<NewDocument> documents) {
        return guarded(() -> bundles.deposit(actor, ins, sourceId, documents));
    }

    @Override
    public Future<SubmissionSet> readSubmissionSet(Actor.Professional actor, UUID id, Admission admission) {
        return guarded(() -> submissionSets.read(actor, id, admission));
    }

    @Override
    public Future<PatientFound> findPatient(Actor.Professional actor, Ins ins) {
        return guarded(() -> search.findPatient(actor, ins));
    }

    @Override
    public Future<List<DocumentSummary>> breakGlass(Actor.Professional actor, Ins ins, String reason) {
        if (reason == null || reason.strip().length() < MIN_REASON) {
            return Future.failedFuture(new RecordException.Invalid("reason",
                    "must be at least " + MIN_REASON + " characters"));
        }
        return guarded(() -> {
            fr.sante.dmp.store.Text.lines("reason", reason);
            return reads.list(actor, ins, Purpose.BREAK_GLASS, Optional.of(reason.strip()));
        });
    }

    /** Synchronous throws (validation, a skeleton) become failed futures; anything not a domain error fails closed. */
    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return ServiceFailures.guarded("record store unavailable", call);
    }
}
