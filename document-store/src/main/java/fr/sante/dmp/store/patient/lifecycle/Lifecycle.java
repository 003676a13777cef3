package fr.sante.dmp.store.patient.lifecycle;

import static fr.sante.dmp.store.patient.PatientTransaction.time;

import fr.sante.dmp.store.patient.Identity;
import fr.sante.dmp.store.patient.LockedRecord;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.store.patient.PrintedCodes;
import fr.sante.dmp.store.patient.login.PatientContact;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordStatus;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import fr.sante.dmp.store.crypto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;

/**
 * The patient's lifecycle changes, each decided by {@link RecordLifecycle} before anything is written.
 *
 * <p>Opposition (R1111-28: nothing is kept beyond the proof of opposition): the wrapped data key and the sealed identity
 * are set to NULL, documents (metadata and content), directives, alert choices, blocked professionals, express
 * consents, care contexts and the care code are deleted, consent settings reset. The row keeps only the INS hash, the
 * invitation instants and the receipt (verification code hashed). Audit entries stay (their break-glass reasons, sealed
 * with the destroyed key, are unreadable from now on).
 *
 * <p>Withdrawal (an opposition made by mistake, while the window is open): a NEW data key is generated. So that the
 * person can still log in afterwards, the identity is kept sealed under a key derived from the receipt's 80-bit
 * verification code, which only the person holds (the store keeps a hash of the code, not the code): the operator
 * cannot read it. It is erased at withdrawal, and must be erased when the window closes
 * ({@link OppositionEscrows#eraseExpired}, called by the scheduler). Documents erased at opposition do not come back
 * (an INVITED record has none: deposits are refused until it is ACTIVE).
 */
final class Lifecycle {
    private final PatientTransaction changes;
    private final Envelope envelope;
    private final RecordLifecycle lifecycle;
    private final SecureRandom random = new SecureRandom();

    Lifecycle(PatientTransaction changes, Envelope envelope, RecordLifecycle lifecycle) {
        this.changes = changes;
        this.envelope = envelope;
        this.lifecycle = lifecycle;
    }

    Future<OppositionReceipt> oppose(Ins ins) {
        return changes.apply(ins, AuditAction.OPPOSE, this::oppose);
    }

    /**
     * The opposition on a locked record, whoever asks (the person, or a phone agent for them): decided by the
     * lifecycle first (an illegal transition throws before anything is written), then the erasure and the receipt.
     */
    Future<PatientTransaction.Step<OppositionReceipt>> oppose(SqlConnection tx, LockedRecord rec, Instant now) {
        RecordStatus next = lifecycle.oppose(rec.status());
        UUID id = rec.id();
        String code = PrintedCodes.random(random, PrintedCodes.RECEIPT_LENGTH);
        byte[] escrow = null;
        Optional<PatientContact> sendTo = Optional.empty();
        if (rec.identity() != null) {
            SecretKey key = envelope.unwrap(id, rec.wrappedKey());
            // Where the receipt's copy goes, read before the key is destroyed.
            Identity person = Identity.open(envelope, key, id, rec.identity());
            if (person.phone().isPresent() || person.email().isPresent()) {
                sendTo = Optional.of(new PatientContact(person.phone(), person.email(),
                        "en".equals(rec.language()) ? "en" : "fr"));
            }
            byte[] identity = envelope.openIdentity(key, id, rec.identity());
            escrow = envelope.sealEscrow(PrintedCodes.escrowKey(id, code), id, identity);
            Arrays.fill(identity, (byte) 0);
        }
        // Opposed while the invitation is still being sent: the window has not started, so it cannot close
        // before now + window (the scheduler then records the real deadline, later, when the message goes).
        Instant closes = next.oppositionDeadline().orElse(now.plus(lifecycle.oppositionWindow()));
        Tuple receipt = Tuple.of(UUID.randomUUID(), id, time(now), time(closes),
                Buffer.buffer(PrintedCodes.receiptHash(id, code)), escrow == null ? null : Buffer.buffer(escrow));
        // Pipelined on the transaction's connection, executed in this order.
        List<Future<?>> writes = new ArrayList<>(RecordErasure.eraseContent(tx, id, now));
        writes.add(tx.preparedQuery(LifecycleSql.ERASE_RECORD).execute(Tuple.of(id, time(now))));
        writes.add(tx.preparedQuery(LifecycleSql.INSERT_RECEIPT).execute(receipt));
        envelope.forget(id);
        Optional<PatientContact> contact = sendTo;
        return Future.all(writes).map(v -> PatientTransaction.Step.done(new OppositionReceipt(now, closes, code, contact)));
    }

    Future<Void> withdrawOpposition(Ins ins, String receiptCode) {
        return changes.apply(ins, AuditAction.WITHDRAW_OPPOSITION, (tx, rec, now) ->
                tx.preparedQuery(LifecycleSql.OPEN_RECEIPT).execute(Tuple.of(rec.id())).compose(rows -> {
                    Row receipt = rows.size() == 0 ? null : rows.iterator().next();
                    // The code is checked first: without it, nobody learns whether this INS opposed.
                    if (receipt == null || !MessageDigest.isEqual(receipt.getBuffer(1).getBytes(),
                            PrintedCodes.receiptHash(rec.id(), receiptCode))) {
                        return Future.succeededFuture(PatientTransaction.Step.<Void>refused(
                                new RecordException.Invalid("receiptCode", "does not match the receipt"),
                                PatientTransaction.RECEIPT_CODE_MISMATCH, null));
                    }
                    lifecycle.withdrawOpposition(rec.status());
                    return restore(tx, rec, receipt, receiptCode, now);
                }));
    }

    private Future<PatientTransaction.Step<Void>> restore(SqlConnection tx, LockedRecord rec, Row receipt, String code,
                                               Instant now) {
        UUID id = rec.id();
        Envelope.NewDataKey key = envelope.newDataKey(id);
        byte[] identity = reseal(key.key(), id, receipt.getBuffer(2), code);
        Future<?> record = tx.preparedQuery(LifecycleSql.RESTORE_RECORD).execute(Tuple.of(id,
                Buffer.buffer(key.wrapped()), identity == null ? null : Buffer.buffer(identity), time(now)));
        Future<?> withdrawn = tx.preparedQuery(LifecycleSql.WITHDRAW_RECEIPT)
                .execute(Tuple.of(receipt.getUUID(0), time(now)));
        return Future.all(record, withdrawn).map(v -> PatientTransaction.Step.done(null));
    }

    /** The escrowed identity under the new data key, or null if there is none left to restore. */
    private byte[] reseal(SecretKey key, UUID id, Buffer escrow, String code) {
        if (escrow == null) {
            return null;
        }
        try {
            byte[] identity = envelope.openEscrow(PrintedCodes.escrowKey(id, code), id, escrow.getBytes());
            byte[] sealed = envelope.sealIdentity(key, id, identity);
            Arrays.fill(identity, (byte) 0);
            return sealed;
        } catch (CryptoIntegrityException e) {
            return null;
        }
    }

    Future<Void> activateEarly(Ins ins) {
        return transition(ins, AuditAction.ACTIVATE, lifecycle::activateEarly);
    }

    Future<Void> close(Ins ins) {
        return transition(ins, AuditAction.CLOSE, lifecycle::close);
    }

    Future<Void> reopen(Ins ins) {
        return transition(ins, AuditAction.REOPEN, lifecycle::reopen);
    }

    /** Recorded here; the purge itself (key destroyed within 3 months, R1111-36) is the scheduler's. */
    Future<Void> requestDeletion(Ins ins) {
        return transition(ins, AuditAction.REQUEST_DELETION, lifecycle::requestDeletion);
    }

    private Future<Void> transition(Ins ins, AuditAction action, UnaryOperator<RecordStatus> change) {
        return changes.apply(ins, action, (tx, rec, now) -> {
            RecordStatus next = change.apply(rec.status());
            return tx.preparedQuery(LifecycleSql.SET_LIFECYCLE).execute(Tuple.of(rec.id(), next.state().name(),
                            time(next.closedAt()), time(next.deletionRequestedAt()), time(now)))
                    .map(v -> PatientTransaction.Step.done(null));
        });
    }
}
