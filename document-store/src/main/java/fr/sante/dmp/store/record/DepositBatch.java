package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.access.Verdict;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.crypto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * One group commit of deposits ({@link fr.sante.dmp.notify.GroupCommit}): every deposit of the batch in one
 * transaction, three round trips whatever its size (docs/BENCHMARKS.md, "What a deposit
 * costs"). First BEGIN and the batch's
 * records read {@code FOR SHARE} (an opposition committed meanwhile must not find a document sealed under the key it
 * destroys); then, in Java, each deposit's consent decision and sealing; then the documents and their contents (one
 * statement) and the audit head's lock; then every entry chained here (checkpoints signed when due), and COMMIT.
 * Denials and unknown patients are in the batch too: their entries commit, then their callers get the domain failure.
 * A failed statement fails the whole batch (nothing of it is written; every caller answers 503), as the read path's
 * group commit of entries does. A deposit whose record key cannot be opened is left out of the batch (no row, no
 * entry) and fails closed on its own.
 */
final class DepositBatch {
    /** Deposits per transaction: bounds the statement's arrays (each content inline) and a batch's latency. */
    static final int MAX_DEPOSITS = 64;

    private final Vertx vertx;
    private final Pool pool;
    private final AccessDoor door;
    private final Envelope envelope;

    DepositBatch(Vertx vertx, Pool pool, AccessDoor door, Envelope envelope) {
        this.vertx = vertx;
        this.pool = pool;
        this.door = door;
        this.envelope = envelope;
    }

    /**
     * A validated deposit waiting for its batch: a professional's, or the patient's own document (no author), which
     * replaces their earlier ones of its class and keeps their masking.
     */
    record Request(Actor actor, AuditAction action, NewDocument document, Instant at, byte[] insHash) {
        boolean byPatient() {
            return actor instanceof Actor.Patient;
        }

        String author() {
            return actor instanceof Actor.Professional p ? p.rpps().value() : null;
        }
    }

    /** A deposit's outcome once its batch committed: the new document's id or the domain failure to answer. */
    record Outcome(UUID documentId, RecordException failure) {
        Future<UUID> toFuture() {
            return failure == null ? Future.succeededFuture(documentId) : Future.failedFuture(failure);
        }
    }

    /** A deposit as decided: its entry (null when left out of the batch), its row if allowed, and its outcome. */
    private record Decided(AuditEvent entry, Sealed row, Outcome outcome) {
    }

    private record Sealed(UUID documentId, UUID recordId, Request request, byte[] title, byte[] content) {
    }

    /** A sealed row with whether it is masked (a patient's new version keeps the masking of those it replaces). */
    private record Prepared(Sealed sealed, boolean masked) {
    }

    Future<List<Outcome>> run(List<Request> requests) {
        return PipelinedTransaction.run(pool, tx -> {
            SqlConnection c = tx.connection();
            return c.preparedQuery(RecordSql.RECORDS_FOR_DEPOSIT).execute(Tuple.of(insHashes(requests),
                            ConsentSql.at(latest(requests)), depositors(requests), ownRecords(requests)))
                    .compose(rows -> decideAll(requests, rows))
                    .compose(decided -> {
                        List<Sealed> allowed = decided.stream().map(Decided::row).filter(r -> r != null).toList();
                        return replaced(c, allowed).compose(rows -> {
                        List<Future<?>> sent = new ArrayList<>(2);
                        if (!rows.isEmpty()) {
                            sent.add(c.preparedQuery(RecordSql.INSERT_DOCUMENTS).execute(documentRows(rows).tuple()));
                        }
                        List<AuditEvent> entries = decided.stream().map(Decided::entry).filter(e -> e != null)
                                .toList();
                        if (entries.isEmpty()) {
                            return tx.commit(sent).map(v -> outcomes(decided));
                        }
                        // Locked last, behind the document rows, and held for one round trip and the COMMIT.
                        Future<AuditLog.Head> head = door.lockHead(c);
                        sent.add(head);
                        // The audit statements are queued at once, unless a checkpoint is due in the batch: then
                        // after the entries since the last one were checked (AuditLog.queue); COMMIT goes behind.
                        return Future.all(sent).compose(v -> door.queue(c, head.result(), entries))
                                .compose(appended -> tx.commit(List.of(appended))).map(v -> outcomes(decided));
                        });
                    });
        });
    }

    /**
     * The patient's earlier versions of each class they deposit go (one round trip, only when the batch holds a
     * patient's deposit); their masking carries over to the new version.
     */
    private static Future<List<Prepared>> replaced(SqlConnection c, List<Sealed> allowed) {
        List<Future<Boolean>> masks = new ArrayList<>(allowed.size());
        for (Sealed s : allowed) {
            // The medical profile is one document, replaced by each save; the documents the patient adds accumulate.
            masks.add(!s.request().byPatient()
                    || s.request().document().documentClass() != fr.sante.dmp.consent.DocumentClass.MEDICAL_PROFILE
                    ? Future.succeededFuture(false)
                    : c.preparedQuery(RecordSql.DELETE_OWN_OF_CLASS)
                            .execute(Tuple.of(s.recordId(), s.request().document().documentClass().loinc()))
                            .map(old -> {
                                boolean masked = false;
                                for (io.vertx.sqlclient.Row r : old) {
                                    masked |= r.getBoolean(0);
                                }
                                return masked;
                            }));
        }
        return Future.all(masks).map(all -> {
            List<Prepared> rows = new ArrayList<>(allowed.size());
            for (int i = 0; i < allowed.size(); i++) {
                rows.add(new Prepared(allowed.get(i), masks.get(i).result()));
            }
            return rows;
        });
    }

    private static List<Outcome> outcomes(List<Decided> decided) {
        return decided.stream().map(Decided::outcome).toList();
    }

    /** The distinct INS hashes of the batch, for the one record read. */
    private static Buffer[] insHashes(List<Request> requests) {
        Set<ByteBuffer> distinct = new LinkedHashSet<>();
        for (Request r : requests) {
            distinct.add(ByteBuffer.wrap(r.insHash()));
        }
        return distinct.stream().map(b -> Buffer.buffer(b.array())).toArray(Buffer[]::new);
    }

    /** The latest instant of the batch: the snapshot is taken as of then. */
    private static Instant latest(List<Request> requests) {
        Instant latest = requests.get(0).at();
        for (Request r : requests) {
            latest = r.at().isAfter(latest) ? r.at() : latest;
        }
        return latest;
    }

    /** The INS hashes of the patients' own deposits in the batch: only these may find an erased record. */
    private static Buffer[] ownRecords(List<Request> requests) {
        return insHashes(requests.stream().filter(Request::byPatient).toList());
    }

    /** The batch's professionals: their own care contexts and grants are loaded. */
    private static String[] depositors(List<Request> requests) {
        return requests.stream().map(Request::author).filter(a -> a != null).distinct().toArray(String[]::new);
    }

    /** Each deposit's decision, its entry and, when allowed, its sealed title and content (large ones on a worker). */
    private Future<List<Decided>> decideAll(List<Request> requests, RowSet<Row> rows) {
        Map<ByteBuffer, RecordView> records = new HashMap<>();
        for (Row row : rows) {
            records.put(ByteBuffer.wrap(row.getBuffer("ins_hash").getBytes()),
                    RecordView.from(row, false));
        }
        List<Future<Decided>> decided = new ArrayList<>(requests.size());
        for (Request r : requests) {
            decided.add(decide(r, Optional.ofNullable(records.get(ByteBuffer.wrap(r.insHash())))));
        }
        return Future.all(decided).map(all -> decided.stream().map(Future::result).toList());
    }

    private Future<Decided> decide(Request r, Optional<RecordView> record) {
        // A professional meets an erased record as an unknown person (it was read for its patient's own deposit).
        if (record.isEmpty() || !r.byPatient() && AccessDoor.erased(record.get().state())) {
            return refused(r, RuleId.RECORD_NOT_FOUND,
                    door.unknown(r.actor(), Action.DEPOSIT, Purpose.CARE, Optional.empty(), r.at()));
        }
        RecordView view = record.get();
        AccessRequest access = AccessDoor.request(r.actor(), Action.DEPOSIT, view.snapshot(), Purpose.CARE,
                Optional.empty(), r.at());
        Verdict v;
        try {
            v = door.decideDeposit(access, view.snapshot(), r.document().documentClass());
        } catch (RuntimeException e) {
            return refused(r, RuleId.CONSENT_UNAVAILABLE,
                    new RecordException.Unavailable("consent could not be decided", e));
        }
        if (v.denied()) {
            return Future.succeededFuture(new Decided(AuditEvent.of(r.at(), r.actor(), r.action(),
                    r.insHash(), null, v.decision().ruleId(), false, v.emergency(), null), null,
                    new Outcome(null, AccessDoor.failure(r.actor(), v.decision()))));
        }
        UUID documentId = UUID.randomUUID();
        return sealed(view, documentId, r)
                .map(row -> new Decided(AuditEvent.of(r.at(), r.actor(), r.action(), r.insHash(),
                        documentId, v.decision().ruleId(), true, v.emergency(), null), row,
                        new Outcome(documentId, null)))
                // A key that does not open (or content that cannot be sealed): this deposit fails closed, alone,
                // with nothing written for it; the rest of the batch goes on.
                .recover(e -> Future.succeededFuture(new Decided(null, null, new Outcome(null, ServiceFailures.domain(e)))));
    }

    private static Future<Decided> refused(Request r, RuleId rule, RecordException failure) {
        return Future.succeededFuture(new Decided(AuditEvent.of(r.at(), r.actor(), r.action(), r.insHash(),
                null, rule.id(), false, false, null), null, new Outcome(null, failure)));
    }

    /** Title and content sealed with the record's data key (the content on a worker when it is large). */
    private Future<Sealed> sealed(RecordView view, UUID documentId, Request r) {
        try {
            SecretKey key = envelope.unwrap(view.recordId(), view.wrappedKey());
            byte[] title = envelope.sealTitle(key, view.recordId(), documentId, r.document().title());
            byte[] content = r.document().content();
            return content.length < DocumentReader.BLOCKING_CRYPTO_BYTES
                    ? Future.succeededFuture(new Sealed(documentId, view.recordId(), r, title,
                            envelope.sealContent(key, view.recordId(), documentId, content)))
                    : vertx.executeBlocking(() -> new Sealed(documentId, view.recordId(), r, title,
                            envelope.sealContent(key, view.recordId(), documentId, content)), false);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The batch's new rows ({@link RecordSql#INSERT_DOCUMENTS}); a deposit here replaces nothing. */
    private static DocumentRows documentRows(List<Prepared> rows) {
        DocumentRows out = new DocumentRows();
        for (Prepared p : rows) {
            Sealed s = p.sealed();
            out.add(s.documentId(), s.recordId(), s.request().document(), s.request().author(), s.request().at(),
                    p.masked(), s.title(), s.content(), Optional.empty());
        }
        return out;
    }
}
