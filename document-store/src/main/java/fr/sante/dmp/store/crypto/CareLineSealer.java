package fr.sante.dmp.store.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Seals the personal part of one care-history line (act or drug code and label, professionals, amount) with the
 * patient's data key ({@link Envelope#unwrap}). The AAD binds the ciphertext to its record, its line id and its date
 * of care: a payload copied to another line or re-dated in clear fails to open. A file of its own beside
 * {@link Envelope}, so the care-history feature adds to the crypto package without touching the record's sealing.
 */
public final class CareLineSealer {
    private static final byte[] PURPOSE = "dmp:care-line:v1".getBytes(StandardCharsets.US_ASCII);

    /** Bytes a sealed payload adds to its plaintext (version, nonce, tag). */
    public static final int OVERHEAD = Aead.OVERHEAD;

    private final Aead aead = new Aead(new SecureRandom());

    public byte[] seal(SecretKey key, UUID recordId, String lineId, LocalDate dateOfCare, byte[] payload) {
        return aead.seal(key, payload, aad(recordId, lineId, dateOfCare));
    }

    /** Opens a sealed payload; {@link CryptoIntegrityException} if it was altered or moved. */
    public byte[] open(SecretKey key, UUID recordId, String lineId, LocalDate dateOfCare, byte[] sealed) {
        return aead.open(key, sealed, aad(recordId, lineId, dateOfCare));
    }

    private static byte[] aad(UUID recordId, String lineId, LocalDate dateOfCare) {
        byte[] id = lineId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(PURPOSE.length + 16 + 8 + id.length)
                .put(PURPOSE)
                .putLong(recordId.getMostSignificantBits()).putLong(recordId.getLeastSignificantBits())
                .putLong(dateOfCare.toEpochDay())
                .put(id)
                .array();
    }
}
