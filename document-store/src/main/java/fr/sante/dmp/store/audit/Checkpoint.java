package fr.sante.dmp.store.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a checkpoint signs: the chain's hash at a position, when, and the spacing rule then in force. The time is kept
 * to the microsecond, as PostgreSQL stores it, so the message read back is the message signed.
 *
 * @param seq   the position in the chain
 * @param hash  the chain hash of the entry at {@code seq}
 * @param at    when it was signed (to the microsecond)
 * @param every the checkpoint spacing in force (signed: an attacker cannot widen the verifier's tolerance)
 */
public record Checkpoint(long seq, byte[] hash, Instant at, int every) {
    private static final byte[] PURPOSE = "dmp:audit-checkpoint:v1".getBytes(StandardCharsets.US_ASCII);

    public Checkpoint {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The exact bytes signed: purpose, position, hash, time in microseconds, spacing. */
    public byte[] message() {
        return ByteBuffer.allocate(PURPOSE.length + 8 + 4 + hash.length + 8 + 4)
                .put(PURPOSE)
                .putLong(seq)
                .putInt(hash.length).put(hash)
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, at))
                .putInt(every)
                .array();
    }
}
