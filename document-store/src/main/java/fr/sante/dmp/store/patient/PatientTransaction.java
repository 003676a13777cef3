package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.IllegalTransitionException;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One patient change = one transaction: lock the record row, apply the change through {@code tx} only, append the
 * audit entry last, commit. A refused change (illegal lifecycle transition, someone else's document) commits its
 * audit entry and nothing else, then fails the call; the body must therefore decide before it writes.
 */
public final class PatientTransaction {
    /** Rule ids the patient space writes into the audit for the patient's own actions. */
    public static final String PATIENT_CHOICE = "patient-choice";
    public static final String LIFECYCLE_CONFLICT = "lifecycle-conflict";
    public static final String DIRECTIVES_CONFLICT = "directives-conflict";
    public static final String RECORD_NOT_FOUND = RuleId.RECORD_NOT_FOUND.id();
    public static final String DOCUMENT_NOT_FOUND = RuleId.DOCUMENT_NOT_FOUND.id();
    public static final String RECEIPT_CODE_MISMATCH = "receipt-code-mismatch";

    private final Pool pool;
    private final InsHasher insHasher;
    private final AccessDoor door;
    private final Clock clock;
    private final java.util.Optional<fr.sante.dmp.consent.Representation> by;

    public PatientTransaction(Pool pool, InsHasher insHasher, AccessDoor door, Clock clock) {
        this(pool, insHasher, door, clock, java.util.Optional.empty());
    }

    private PatientTransaction(Pool pool, InsHasher insHasher, AccessDoor door, Clock clock,
                    java.util.Optional<fr.sante.dmp.consent.Representation> by) {
        this.pool = pool;
        this.insHasher = insHasher;
        this.door = door;
        this.clock = clock;
        this.by = by;
    }

    /** The same unit of work, every change made by this representative (audited as them, their rules applied). */
    public PatientTransaction as(fr.sante.dmp.consent.Representation representative) {
        return new PatientTransaction(pool, insHasher, door, clock, java.util.Optional.of(representative));
    }

    /** Who acts on the record of {@code ins}: the person, or the representative acting for them. */
    public Actor.Patient actor(Ins ins) {
        return new Actor.Patient(ins, by);
    }

    public AccessDoor door() {
        return door;
    }

    /** A change the door refused: the refusal is audited and nothing is written. */
    public static <T> Step<T> refusedBy(fr.sante.dmp.consent.Decision d, UUID documentId) {
        return Step.refused(new RecordException.AccessDenied(d), d.ruleId(), documentId);
    }

    /** The change a body made, or why it refused, for the audit entry. */
    public record Step<T>(T value, RecordException failure, String ruleId, UUID documentId) {
        public static <T> Step<T> done(T value) {
            return new Step<>(value, null, PATIENT_CHOICE, null);
        }

        public static <T> Step<T> done(T value, String ruleId) {
            return new Step<>(value, null, ruleId, null);
        }

        public static <T> Step<T> done(T value, UUID documentId) {
            return new Step<>(value, null, PATIENT_CHOICE, documentId);
        }

        public static <T> Step<T> refused(RecordException failure, String ruleId, UUID documentId) {
            return new Step<>(null, failure, ruleId, documentId);
        }
    }

    @FunctionalInterface
    public interface Body<T> {
        Future<Step<T>> apply(SqlConnection tx, LockedRecord record, Instant now);
    }

    /** Who the audit entry names: built from the instant, the INS hash and the step. */
    @FunctionalInterface
    public interface Entry {
        AuditEvent of(Instant now, byte[] insHash, Step<?> step);
    }

    /** A change the patient makes on their own record. */
    public <T> Future<T> apply(Ins ins, AuditAction action, Body<T> body) {
        Actor patient = actor(ins);
        return apply(ins, (now, insHash, step) -> AuditEvent.of(now, patient, action, insHash, step.documentId(),
                step.ruleId(), step.failure() == null, false, null), body);
    }

    /** A change an operator (administrator, campaign) makes, audited under their subject. */
    public <T> Future<T> applyAsOperator(String subject, Ins ins, AuditAction action, Body<T> body) {
        return apply(ins, (now, insHash, step) -> new AuditEvent(now, AuditEvent.OPERATOR, subject, null, null,
                action, insHash, step.documentId(), step.ruleId(), step.failure() == null, false, null), body);
    }

    private <T> Future<T> apply(Ins ins, Entry entry, Body<T> body) {
        return apply(insHasher.hash(ins), entry, body);
    }

    /**
     * The unit of work on the record of this INS hash (a phone agent may find the record by its invitation code, with
     * no INS typed); {@code entry} builds the audit entry, so a body that succeeds may still be audited as refused.
     */
    public <T> Future<T> apply(byte[] insHash, Entry entry, Body<T> body) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return pool.<Step<T>>withTransaction(tx -> tx.preparedQuery(LockedRecord.SELECT_FOR_UPDATE)
                        .execute(Tuple.of(Buffer.buffer(insHash),
                                (double) door.consent().invitations().oppositionWindow().toSeconds()))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.succeededFuture(Step.<T>refused(new RecordException.NotFound("patient"),
                                        RECORD_NOT_FOUND, null));
                            }
                            LockedRecord record = LockedRecord.from(rows.iterator().next());
                            return run(body, tx, record, now);
                        })
                        .compose(step -> door.record(tx, entry.of(now, insHash, step)).map(seq -> step)))
                .recover(ServiceFailures::fail)
                .compose(step -> step.failure() == null
                        ? Future.succeededFuture(step.value()) : Future.failedFuture(step.failure()));
    }

    /** Runs the body; an illegal transition (thrown before any write) becomes a refused step. */
    private static <T> Future<Step<T>> run(Body<T> body, SqlConnection tx, LockedRecord record, Instant now) {
        Future<Step<T>> f;
        try {
            f = body.apply(tx, record, now);
        } catch (IllegalTransitionException e) {
            return Future.succeededFuture(conflict(e));
        }
        return f.recover(e -> e instanceof IllegalTransitionException t
                ? Future.succeededFuture(conflict(t)) : Future.failedFuture(e));
    }

    private static <T> Step<T> conflict(IllegalTransitionException e) {
        return Step.refused(RecordException.Conflict.of(e), LIFECYCLE_CONFLICT, null);
    }


    /** An instant as the timestamptz parameter the SQL client binds (UTC). */
    public static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    public static OffsetDateTime time(Optional<Instant> at) {
        return at.map(PatientTransaction::time).orElse(null);
    }

}
