package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Documents the patient writes themself (the medical profile), for the patient services: deposited by the one deposit
 * path ({@link DepositBatch}, the professionals' one) as the patient, whose new version replaces their earlier ones
 * of the class and keeps their masking; decided by the door ({@code patient-deposit-class}, {@code
 * record-not-active}), denials committing their audit entry only.
 */
public final class PatientDeposits {
    private final Pool pool;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final RecordWriter writes;

    PatientDeposits(Pool pool, Envelope envelope, InsHasher insHasher, RecordWriter writes) {
        this.pool = pool;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.writes = writes;
    }

    /** The latest content of a class the patient wrote, if any. */
    public Future<Optional<byte[]>> latest(Ins ins, DocumentClass documentClass) {
        return pool.preparedQuery(RecordSql.LATEST_OWN_OF_CLASS)
                .execute(Tuple.of(Buffer.buffer(insHasher.hash(ins)), documentClass.loinc()))
                .recover(ServiceFailures::fail)
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

    /**
     * Adds a document of the patient's own ({@code PATIENT_DOCUMENT}): its type is the one its bytes show (PDF, JPEG,
     * PNG; anything else is {@code Invalid("file")} before anything is written), whatever the caller declared.
     */
    public Future<UUID> add(fr.sante.dmp.consent.Actor.Patient actor, String title, byte[] content) {
        try {
            String type = OwnDocumentType.require(content);
            return writes.depositOwn(actor, new NewDocument(fr.sante.dmp.consent.DocumentClass.PATIENT_DOCUMENT,
                    title, type, content, false), AuditAction.ADD_OWN_DOCUMENT);
        } catch (RuntimeException e) {
            return ServiceFailures.fail(e);
        }
    }

    /** Deposits a new version written by the patient, replacing their earlier ones of the class; returns its id. */
    public Future<UUID> replace(fr.sante.dmp.consent.Actor.Patient actor, NewDocument document, AuditAction action) {
        try {
            return writes.depositOwn(actor, document, action);
        } catch (RuntimeException e) {
            return ServiceFailures.fail(e);
        }
    }
}
