package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RecordStatus;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Registration and deposit: one transaction each, the audit entry appended in it, last, so that a write and its
 * trace commit or vanish together.
 */
final class Writes {
    private final Vertx vertx;
    private final Pool pool;
    private final ConsentEngine consent;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final AuditLog audit;
    private final Clock clock;
    private final RecordLifecycle lifecycle;

    Writes(Vertx vertx, Pool pool, ConsentEngine consent, Envelope envelope, InsHasher insHasher, AuditLog audit,
           Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.consent = consent;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.audit = audit;
        this.clock = clock;
        this.lifecycle = new RecordLifecycle(clock);
    }

    Future<Registration> register(String operator, Ins ins, PersonRegistration person) {
        Validation.person(operator, person);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] insHash = insHasher.hash(ins);
        RecordStatus status = person.initialState() == RecordState.INVITED ? lifecycle.invited(now) : lifecycle.active();
        UUID recordId = UUID.randomUUID();
        Envelope.NewDataKey key = envelope.newDataKey(recordId);
        byte[] identity = envelope.sealIdentity(key.key(), recordId, identityJson(person));
        Tuple record = Tuple.from(new Object[] {
            recordId, Buffer.buffer(insHash), status.state().name(),
            status.invitedAt().map(Writes::time).orElse(null),
            status.oppositionDeadline().map(Writes::time).orElse(null),
            Buffer.buffer(key.wrapped()), Buffer.buffer(identity), time(now)
        });
        return pool.withTransaction(tx -> tx.preparedQuery(RecordSql.INSERT_RECORD).execute(record).compose(ins0 -> {
            if (ins0.size() == 1) {
                return tx.preparedQuery(RecordSql.INSERT_SETTINGS).execute(Tuple.of(recordId, time(now)))
                        .compose(v -> audit.append(tx, AuditEvent.operator(now, operator, AuditAction.REGISTER,
                                insHash, "register-created")))
                        .map(seq -> new Registration(true, status.state()));
            }
            return tx.preparedQuery(RecordSql.STATE_BY_INS).execute(Tuple.of(Buffer.buffer(insHash)))
                    .compose(rows -> {
                        RecordState existing = RecordState.valueOf(rows.iterator().next().getString(0));
                        return audit.append(tx, AuditEvent.operator(now, operator, AuditAction.REGISTER, insHash,
                                "register-existing")).map(seq -> new Registration(false, existing));
                    });
        })).recover(Outcomes::fail);
    }

    /**
     * Two round trips (docs/BENCHMARKS.md, "Deposit path after profiling"): BEGIN with the record read FOR SHARE; then
     * the document and content rows (one statement), the entry chained by PostgreSQL under the audit head it locks
     * (one statement), and COMMIT, all queued at once (five statements in all; "Deposit path, session 3"). The head,
     * which serializes every audited write, is locked only while PostgreSQL runs the last two,
     * and the consent decision and the encryption happen before any row is written. An entry due for a signed
     * checkpoint (one in {@code checkpointEvery}) aborts that transaction; the deposit is then done again with the
     * head read and the entry chained and signed here.
     */
    Future<UUID> deposit(Actor.Professional actor, Ins ins, NewDocument document) {
        Validation.document(document);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] insHash = insHasher.hash(ins);
        return deposit(actor, document, now, insHash, true)
                .recover(e -> e instanceof AuditLog.CheckpointDue
                        ? deposit(actor, document, now, insHash, false) : Future.failedFuture(e))
                // Denials and unknown patients commit their audit entry, then fail the call.
                .recover(Outcomes::fail)
                .compose(result -> result.toFuture());
    }

    private Future<Result<UUID>> deposit(Actor.Professional actor, NewDocument document, Instant now, byte[] insHash,
                                         boolean chainedByDatabase) {
        return PipelinedTransaction.<Result<UUID>>run(pool, tx -> tx.connection()
                .preparedQuery(RecordSql.RECORD_FOR_DEPOSIT)
                .execute(Tuple.of(Buffer.buffer(insHash)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return auditThenCommit(tx, List.of(), AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash,
                                null, Outcomes.RECORD_NOT_FOUND, false, false, null), chainedByDatabase)
                                .map(v -> Result.<UUID>failure(new RecordException.NotFound("patient")));
                    }
                    RecordView view = RecordView.from(rows.iterator().next(), false);
                    AccessRequest request = new AccessRequest(actor, Action.DEPOSIT, view.state(), view.consent(),
                            Purpose.CARE, Optional.empty(), now);
                    Decision d;
                    try {
                        d = consent.decideDeposit(request, document.documentClass());
                    } catch (RuntimeException e) {
                        return auditThenCommit(tx, List.of(), AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash,
                                        null, Outcomes.CONSENT_UNAVAILABLE, false, false, null), chainedByDatabase)
                                .map(v -> Result.<UUID>failure(
                                        new RecordException.Unavailable("consent could not be decided", e)));
                    }
                    if (d.denied()) {
                        return auditThenCommit(tx, List.of(), AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash,
                                        null, d), chainedByDatabase)
                                .map(v -> Result.<UUID>failure(new RecordException.AccessDenied(d)));
                    }
                    UUID documentId = UUID.randomUUID();
                    return sealed(view, documentId, document)
                            .compose(rowsToWrite -> auditThenCommit(tx,
                                    insert(tx, view, actor, documentId, document, rowsToWrite, now),
                                    AuditEvent.of(now, actor, AuditAction.DEPOSIT, insHash, documentId, d),
                                    chainedByDatabase))
                            .map(v -> Result.success(documentId));
                }));
    }

    /**
     * Queues the audit entry behind {@code writes}, then COMMIT: the deposit and its trace commit or vanish together
     * (a failed statement aborts the transaction and its COMMIT becomes a rollback). Chained by the database, nothing
     * waits; otherwise the head is read first and the entry chained (and signed when due) here.
     */
    private Future<Void> auditThenCommit(PipelinedTransaction tx, List<Future<?>> writes, AuditEvent event,
                                         boolean chainedByDatabase) {
        List<Future<?>> sent = new ArrayList<>(writes);
        if (chainedByDatabase) {
            sent.add(audit.appendChained(tx.connection(), event));
            return tx.commit(sent);
        }
        Future<AuditLog.Head> head = audit.lockHead(tx.connection());
        sent.add(head);
        return Future.all(sent).compose(v -> {
            Future<Long> appended = audit.append(tx.connection(), head.result(), List.of(event));
            return tx.commit(List.of(appended));
        });
    }

    /** Title and content sealed with the record's data key (the content on a worker when it is large). */
    private Future<Sealed> sealed(RecordView view, UUID documentId, NewDocument document) {
        SecretKey key = envelope.unwrap(view.recordId(), view.wrappedKey());
        byte[] title = envelope.sealTitle(key, view.recordId(), documentId, document.title());
        return document.content().length < Reads.BLOCKING_CRYPTO_BYTES
                ? Future.succeededFuture(new Sealed(title,
                        envelope.sealContent(key, view.recordId(), documentId, document.content())))
                : vertx.executeBlocking(() -> new Sealed(title, envelope.sealContent(key, view.recordId(), documentId,
                        document.content())), false);
    }

    /** The document row and its content row, in one statement. */
    private static List<Future<?>> insert(PipelinedTransaction tx, RecordView view, Actor.Professional actor,
                                          UUID documentId, NewDocument document, Sealed sealed, Instant now) {
        Tuple row = Tuple.from(new Object[] {
            documentId, view.recordId(), document.documentClass().loinc(), actor.rpps().value(), time(now),
            document.withheldFromPatient(), document.contentType(), (long) document.content().length,
            Buffer.buffer(sealed.title()), Buffer.buffer(sealed.content())
        });
        return List.of(tx.connection().preparedQuery(RecordSql.INSERT_DOCUMENT_WITH_CONTENT).execute(row));
    }

    private record Sealed(byte[] title, byte[] content) {
    }

    static byte[] identityJson(PersonRegistration p) {
        JsonObject json = new JsonObject()
                .put("birthDate", p.birthDate().toString())
                .put("givenName", p.givenName())
                .put("familyName", p.familyName())
                .put("sex", p.sex());
        p.phone().ifPresent(v -> json.put("phone", v));
        p.email().ifPresent(v -> json.put("email", v));
        return json.toBuffer().getBytes();
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** A transaction's outcome: committed either way, then turned into success or a domain failure. */
    private record Result<T>(T value, RecordException failure) {
        static <T> Result<T> success(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> failure(RecordException e) {
            return new Result<>(null, e);
        }

        Future<T> toFuture() {
            return failure == null ? Future.succeededFuture(value) : Future.failedFuture(failure);
        }
    }
}
