package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.crypto.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/** The decrypted identity blob written at registration (record.RecordWriter). Personal data: never log it. */
public record Identity(String birthDate, String givenName, String familyName, Optional<String> phone,
                Optional<String> email) {

    public static Identity open(Envelope envelope, SecretKey key, UUID recordId, byte[] sealed) {
        JsonObject json = new JsonObject(Buffer.buffer(envelope.openIdentity(key, recordId, sealed)));
        return new Identity(json.getString("birthDate", ""), json.getString("givenName", ""),
                json.getString("familyName", ""), Optional.ofNullable(json.getString("phone")),
                Optional.ofNullable(json.getString("email")));
    }
}
