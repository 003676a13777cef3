package fr.sante.dmp.store.patient.contact;

import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;

/**
 * The patient's new phone number or e-mail address, written into the sealed identity once the patient space has
 * checked the code it sent there. The identity is opened and sealed again in the change's transaction, under the
 * locked record row; the address it replaces is returned so that it can be told. Personal data: never log it.
 */
final class ContactChange {
    static final String UPDATE_IDENTITY = "UPDATE record SET identity = $2, updated_at = $3 WHERE id = $1";

    private final PatientTransaction changes;
    private final Envelope envelope;

    ContactChange(PatientTransaction changes, Envelope envelope) {
        this.changes = changes;
        this.envelope = envelope;
    }

    /** Replaces one address; returns the contact as it was before. */
    Future<Contact> change(Ins ins, ContactChannel channel, String address) {
        if (channel == null || address == null || address.isBlank() || address.length() > 254) {
            return Future.failedFuture(new RecordException.Invalid(channel == ContactChannel.EMAIL ? "email" : "phone",
                    "is required, at most 254 characters"));
        }
        return changes.apply(ins, AuditAction.CHANGE_CONTACT, (tx, rec, now) -> {
            if (rec.erased() || rec.identity() == null || rec.state() == RecordState.CLOSED) {
                return Future.succeededFuture(PatientTransaction.Step.<Contact>refused(new RecordException.Conflict(
                        "the record is " + rec.state() + ": its contact details cannot change",
                        "le dossier est " + rec.state() + " : ses coordonnées ne peuvent pas changer"),
                        PatientTransaction.LIFECYCLE_CONFLICT, null));
            }
            SecretKey key = envelope.unwrap(rec.id(), rec.wrappedKey());
            JsonObject identity = new JsonObject(Buffer.buffer(envelope.openIdentity(key, rec.id(), rec.identity())));
            Contact before = Contact.open(envelope, key, rec.id(), rec.identity());
            identity.put(channel == ContactChannel.SMS ? "phone" : "email", address);
            byte[] sealed = envelope.sealIdentity(key, rec.id(), identity.encode().getBytes(StandardCharsets.UTF_8));
            return tx.preparedQuery(UPDATE_IDENTITY).execute(Tuple.of(rec.id(), Buffer.buffer(sealed),
                            PatientTransaction.time(now)))
                    .map(done -> PatientTransaction.Step.done(before));
        });
    }
}
