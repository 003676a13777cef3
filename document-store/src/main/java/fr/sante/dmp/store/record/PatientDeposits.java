package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Documents the patient writes themself (the medical profile): the deposit path beside the professionals' one in
 * {@link Writes}, with the same unit of work: record row shared-locked, the consent engine's deposit decision for
 * {@link Actor.Patient} ({@code patient-deposit-class}, {@code record-not-active}), title and content sealed with
 * the patient's data key, the audit entry appended last, denials committing their audit entry only. A new version
 * replaces the patient's earlier ones of the same class and keeps their masking. Only the patient services use it.
 */
public final class PatientDeposits {
    private final Pool pool;
    private final ConsentEngine consent;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final AuditLog audit;
    private final Clock clock;

    public PatientDeposits(Pool pool, ConsentEngine consent, Envelope envelope, InsHasher insHasher, AuditLog audit,
                           Clock clock) {
        this.pool = pool;
        this.consent = consent;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.audit = audit;
        this.clock = clock;
    }

    /** The latest content of a class the patient wrote, if any. */
    public Future<Optional<byte[]>> latest(Ins ins, DocumentClass documentClass) {
        return pool.preparedQuery(RecordSql.LATEST_OWN_OF_CLASS)
                .execute(Tuple.of(Buffer.buffer(insHasher.hash(ins)), documentClass.loinc()))
                .recover(Outcomes::fail)
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<byte[]>empty();
                    }
                    Row r = rows.iterator().next();
                    if (r.getBuffer(1) == null) {
                        return Optional.<byte[]>empty();
                    }
                    UUID recordId = r.getUUID(0);
                    SecretKey key = envelope.unwrap(recordId, r.getBuffer(1).getBytes());
                    return Optional.of(envelope.openContent(key, recordId, r.getUUID(2), r.getBuffer(4).getBytes()));
                });
    }

    /** Deposits a new version written by the patient, replacing their earlier ones of the class; returns its id. */
    public Future<UUID> replace(Ins ins, NewDocument document, AuditAction action) {
        try {
            Validation.document(document);
        } catch (RecordException e) {
            return Future.failedFuture(e);
        }
        Actor.Patient patient = new Actor.Patient(ins);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] insHash = insHasher.hash(ins);
        return pool.<Outcome>withTransaction(tx -> tx.preparedQuery(RecordSql.RECORD_FOR_DEPOSIT)
                .execute(Tuple.of(Buffer.buffer(insHash)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return audit.append(tx, AuditEvent.of(now, patient, action, insHash, null,
                                Outcomes.RECORD_NOT_FOUND, false, false, null))
                                .map(seq -> Outcome.failed(new RecordException.NotFound("patient")));
                    }
                    RecordView view = RecordView.from(rows.iterator().next(), false);
                    AccessRequest request = new AccessRequest(patient, Action.DEPOSIT, view.state(), view.consent(),
                            Purpose.CARE, Optional.empty(), now);
                    Decision d;
                    try {
                        d = consent.decideDeposit(request, document.documentClass());
                    } catch (RuntimeException e) {
                        return audit.append(tx, AuditEvent.of(now, patient, action, insHash, null,
                                        Outcomes.CONSENT_UNAVAILABLE, false, false, null))
                                .map(seq -> Outcome.failed(
                                        new RecordException.Unavailable("consent could not be decided", e)));
                    }
                    if (d.denied() || view.wrappedKey() == null) {
                        return audit.append(tx, AuditEvent.of(now, patient, action, insHash, null, d))
                                .map(seq -> Outcome.failed(new RecordException.AccessDenied(d)));
                    }
                    UUID documentId = UUID.randomUUID();
                    SecretKey key = envelope.unwrap(view.recordId(), view.wrappedKey());
                    byte[] title = envelope.sealTitle(key, view.recordId(), documentId, document.title());
                    byte[] content = envelope.sealContent(key, view.recordId(), documentId, document.content());
                    return tx.preparedQuery(RecordSql.DELETE_OWN_OF_CLASS)
                            .execute(Tuple.of(view.recordId(), document.documentClass().loinc()))
                            .compose(old -> {
                                boolean masked = false;
                                for (Row r : old) {
                                    masked |= r.getBoolean(0);
                                }
                                return tx.preparedQuery(RecordSql.INSERT_OWN_DOCUMENT).execute(Tuple.from(
                                        new Object[] {documentId, view.recordId(), document.documentClass().loinc(),
                                            OffsetDateTime.ofInstant(now, ZoneOffset.UTC), masked,
                                            document.contentType(), (long) document.content().length,
                                            Buffer.buffer(title)}));
                            })
                            .compose(v -> tx.preparedQuery(RecordSql.INSERT_CONTENT)
                                    .execute(Tuple.of(documentId, Buffer.buffer(content))))
                            .compose(v -> audit.append(tx, AuditEvent.of(now, patient, action, insHash, documentId,
                                    d)))
                            .map(seq -> Outcome.done(documentId));
                }))
                .recover(Outcomes::fail)
                .compose(o -> o.failure() == null ? Future.succeededFuture(o.id()) : Future.failedFuture(o.failure()));
    }

    /** Committed either way (denials keep their audit entry), then success or a domain failure. */
    private record Outcome(UUID id, RecordException failure) {
        static Outcome done(UUID id) {
            return new Outcome(id, null);
        }

        static Outcome failed(RecordException e) {
            return new Outcome(null, e);
        }
    }
}
