package fr.sante.dmp.store.patient;

import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.store.crypto.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * How a patient is reached: the phone, e-mail and postal address of the identity sealed at registration, nothing else
 * of it. One place
 * for the rule every notice follows (invitations, emergency-access notices, alerts). Personal data: never log it.
 */
public record Contact(Optional<String> phone, Optional<String> email, Optional<String> postalAddress) {
    public static final Contact NONE = new Contact(Optional.empty(), Optional.empty(), Optional.empty());

    /** Without a postal address. */
    public Contact(Optional<String> phone, Optional<String> email) {
        this(phone, email, Optional.empty());
    }

    /** Where a message goes. */
    public record Address(Channel channel, String to) {
    }

    /** Opens the sealed identity with the record's key; {@link #NONE} when the record holds none. */
    public static Contact open(Envelope envelope, SecretKey key, UUID recordId, byte[] sealedIdentity) {
        if (sealedIdentity == null) {
            return NONE;
        }
        JsonObject json = new JsonObject(Buffer.buffer(envelope.openIdentity(key, recordId, sealedIdentity)));
        return new Contact(Optional.ofNullable(json.getString("phone")), Optional.ofNullable(json.getString("email")),
                Optional.ofNullable(json.getString(fr.sante.dmp.store.record.NewRecords.POSTAL_ADDRESS)));
    }

    /** Unwraps the record's key first; {@link #NONE} when the key or the identity is missing. */
    public static Contact open(Envelope envelope, UUID recordId, byte[] wrappedKey, byte[] sealedIdentity) {
        if (wrappedKey == null || sealedIdentity == null) {
            return NONE;
        }
        return open(envelope, envelope.unwrap(recordId, wrappedKey), recordId, sealedIdentity);
    }

    /** By the preferred channel when the record holds it, else the other; empty without any contact. */
    public Optional<Address> address(Channel preferred) {
        Optional<Address> sms = phone.map(p -> new Address(Channel.SMS, p));
        Optional<Address> mail = email.map(e -> new Address(Channel.EMAIL, e));
        return preferred == Channel.EMAIL ? mail.or(() -> sms) : sms.or(() -> mail);
    }
}
