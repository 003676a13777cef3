package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.access.Verdict;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Several documents of one record deposited all or nothing (the FHIR face's ITI-65 bundle), in one transaction of
 * their own: the record read {@code FOR SHARE} as a group-committed deposit reads it, every document decided by the
 * door, the documents it replaces locked and decided as reads, then every row, the supersessions, the submission set
 * and every audit entry, and COMMIT. One refusal or one invalid replacement and nothing is written but the refusal's
 * own audit entry (by group commit, after the rollback), so the caller gets its domain error and the record is as it
 * was.
 */
final class BundleDeposit {
    /** Documents per bundle: bounds the statement's arrays. */
    static final int MAX_DOCUMENTS = 64;
    /** As the column's check: an OID or a URI. */
    static final int MAX_SOURCE_ID = 256;

    private final Vertx vertx;
    private final Pool pool;
    private final AccessDoor door;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final Clock clock;

    BundleDeposit(Vertx vertx, Pool pool, AccessDoor door, Envelope envelope, InsHasher insHasher, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.door = door;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.clock = clock;
    }

    /** A refusal found inside the transaction: rolled back, then audited by group commit and answered. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient AuditEvent event;
        private final transient RecordException failure;

        Refused(AuditEvent event, RecordException failure) {
            super(null, null, false, false);
            this.event = event;
            this.failure = failure;
        }
    }

    private record Sealed(UUID id, NewDocument document, byte[] title, byte[] content) {
    }

    Future<Provided> deposit(Actor.Professional actor, Ins ins, String sourceId, List<NewDocument> documents) {
        if (sourceId == null || sourceId.isBlank() || sourceId.length() > MAX_SOURCE_ID) {
            return Future.failedFuture(new RecordException.Invalid("sourceId",
                    "the submission set's source id is required (at most " + MAX_SOURCE_ID + " characters)"));
        }
        if (documents == null || documents.isEmpty()) {
            return Future.failedFuture(new RecordException.Invalid("documents", "at least one document is required"));
        }
        if (documents.size() > MAX_DOCUMENTS) {
            return Future.failedFuture(new RecordException.Invalid("documents",
                    "at most " + MAX_DOCUMENTS + " documents in one deposit"));
        }
        Set<UUID> replacedOnce = new HashSet<>();
        for (NewDocument d : documents) {
            Validation.document(d);
            if (d.replaces().isPresent() && !replacedOnce.add(d.replaces().get())) {
                return Future.failedFuture(new RecordException.Invalid("replaces",
                        "a document is replaced at most once in a deposit"));
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] insHash = insHasher.hash(ins);
        return pool.withTransaction(tx -> tx.preparedQuery(RecordSql.RECORD_FOR_DEPOSIT)
                        .execute(Tuple.of(Buffer.buffer(insHash), ConsentSql.at(now), ConsentSql.askers(actor)))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                throw new Refused(AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash, null,
                                        RuleId.RECORD_NOT_FOUND.id(), false, false, null),
                                        AccessDoor.unknownPatient());
                            }
                            RecordView view = RecordView.from(rows.iterator().next(), false);
                            AccessRequest deposit = AccessDoor.request(actor, Action.DEPOSIT, view.snapshot(),
                                    Purpose.CARE, Optional.empty(), now);
                            List<Verdict> verdicts = new ArrayList<>(documents.size());
                            for (NewDocument d : documents) {
                                Verdict v = door.decideDeposit(deposit, view.snapshot(), d.documentClass());
                                if (v.denied()) {
                                    throw new Refused(AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash, null,
                                            v.decision().ruleId(), false, v.emergency(), null),
                                            AccessDoor.failure(actor, v.decision()));
                                }
                                verdicts.add(v);
                            }
                            return replaced(tx, actor, view, documents, now, insHash)
                                    .compose(superseded -> sealAll(view, documents)
                                            .compose(sealed -> write(tx, actor, view, sealed, superseded, verdicts,
                                                    now, insHash, sourceId)));
                        }))
                .recover(e -> e instanceof Refused r ? door.refuse(r.event, r.failure) : ServiceFailures.fail(e));
    }

    /** The documents replaced, locked; each must be in this record, current, and readable by the depositor. */
    private Future<List<UUID>> replaced(SqlConnection tx, Actor.Professional actor, RecordView view,
                                        List<NewDocument> documents, Instant now, byte[] insHash) {
        List<UUID> ids = documents.stream().flatMap(d -> d.replaces().stream()).toList();
        if (ids.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return tx.preparedQuery(RecordSql.REPLACED).execute(Tuple.of(ids.toArray(UUID[]::new), view.recordId()))
                .map(rows -> {
                    Map<UUID, Row> found = new HashMap<>();
                    rows.forEach(r -> found.put(r.getUUID("id"), r));
                    AccessRequest read = AccessDoor.request(actor, Action.READ_DOCUMENT, view.snapshot(),
                            Purpose.CARE, Optional.empty(), now);
                    for (UUID id : ids) {
                        Row r = found.get(id);
                        if (r == null) {
                            // Another record's document, or none: the same answer, so ids reveal nothing.
                            throw new RecordException.Invalid("replaces", "names no document of this patient");
                        }
                        if (!DocumentSummary.CURRENT.equals(r.getString("status"))) {
                            throw new RecordException.Conflict("the replaced document is already superseded",
                                    "le document remplacé l'a déjà été");
                        }
                        Verdict v = door.decide(read, view.snapshot(), facts(r));
                        if (v.denied()) {
                            throw new Refused(AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash, id,
                                    v.decision().ruleId(), false, v.emergency(), null),
                                    AccessDoor.failure(actor, v.decision()));
                        }
                    }
                    return ids;
                });
    }

    private static DocumentFacts facts(Row r) {
        return new DocumentFacts(r.getUUID("id").toString(), DocumentClass.fromLoinc(r.getString("class_code")),
                Optional.ofNullable(r.getString("author_rpps")).map(Rpps::new),
                r.getOffsetDateTime("deposited_at").toInstant(), r.getBoolean("masked"),
                r.getBoolean("withheld_from_patient"),
                Optional.ofNullable(r.getOffsetDateTime("released_at")).map(OffsetDateTime::toInstant));
    }

    /** Titles and contents sealed with the record's key; on a worker when the bundle's contents are large. */
    private Future<List<Sealed>> sealAll(RecordView view, List<NewDocument> documents) {
        long bytes = documents.stream().mapToLong(d -> d.content().length).sum();
        if (bytes < DocumentReader.BLOCKING_CRYPTO_BYTES) {
            return Future.succeededFuture(seal(view, documents));
        }
        return vertx.executeBlocking(() -> seal(view, documents), false);
    }

    private List<Sealed> seal(RecordView view, List<NewDocument> documents) {
        SecretKey key = envelope.unwrap(view.recordId(), view.wrappedKey());
        List<Sealed> sealed = new ArrayList<>(documents.size());
        for (NewDocument d : documents) {
            UUID id = UUID.randomUUID();
            sealed.add(new Sealed(id, d, envelope.sealTitle(key, view.recordId(), id, d.title()),
                    envelope.sealContent(key, view.recordId(), id, d.content())));
        }
        return sealed;
    }

    private Future<Provided> write(SqlConnection tx, Actor.Professional actor, RecordView view, List<Sealed> sealed,
                                   List<UUID> superseded, List<Verdict> verdicts, Instant now, byte[] insHash,
                                   String sourceId) {
        List<AuditEvent> entries = new ArrayList<>(sealed.size());
        for (int i = 0; i < sealed.size(); i++) {
            Verdict v = verdicts.get(i);
            entries.add(AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash, sealed.get(i).id(),
                    v.decision().ruleId(), true, v.emergency(), null));
        }
        Future<?> supersede = superseded.isEmpty() ? Future.succeededFuture()
                : tx.preparedQuery(RecordSql.SUPERSEDE).execute(Tuple.of(superseded.toArray(UUID[]::new)));
        List<UUID> ids = sealed.stream().map(Sealed::id).toList();
        UUID set = UUID.randomUUID();
        Future<?> submissionSet = tx.preparedQuery(RecordSql.INSERT_SUBMISSION_SET).execute(Tuple.of(set,
                view.recordId(), actor.rpps().value(), ConsentSql.at(now), sourceId, ids.toArray(UUID[]::new)));
        return tx.preparedQuery(RecordSql.INSERT_DOCUMENTS).execute(rows(actor, view, sealed, now).tuple())
                .compose(v -> supersede)
                .compose(v -> submissionSet)
                .compose(v -> door.record(tx, entries))
                .map(seq -> new Provided(set, ids));
    }

    private static DocumentRows rows(Actor.Professional actor, RecordView view, List<Sealed> sealed, Instant now) {
        DocumentRows out = new DocumentRows();
        for (Sealed s : sealed) {
            out.add(s.id(), view.recordId(), s.document(), actor.rpps().value(), now, false, s.title(), s.content(),
                    s.document().replaces());
        }
        return out;
    }
}
