package fr.sante.dmp.store.patient;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RecordStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** A record row locked for a change: its lifecycle status, wrapped key, sealed identity and language. */
public record LockedRecord(UUID id, RecordStatus status, byte[] wrappedKey, byte[] identity, String language) {

    /** The deadline as of now ({@link PatientSql#deadline}, $2 window in s): a change in the minute after sending sees it. */
    public static final String SELECT_FOR_UPDATE = "SELECT r.id, r.state, r.invited_at, " + PatientSql.deadline(2) + ", "
            + "r.closed_at, r.deletion_requested_at, r.wrapped_key, r.identity, r.language FROM record r "
            + "WHERE r.ins_hash = $1 FOR UPDATE OF r";

    public static LockedRecord from(Row r) {
        RecordStatus status = new RecordStatus(RecordState.valueOf(r.getString(1)), instant(r.getOffsetDateTime(2)),
                instant(r.getOffsetDateTime(3)), instant(r.getOffsetDateTime(4)), instant(r.getOffsetDateTime(5)));
        return new LockedRecord(r.getUUID(0), status, bytes(r.getBuffer(6)), bytes(r.getBuffer(7)),
                r.getString(8));
    }

    public RecordState state() {
        return status.state();
    }

    /** OPPOSED or PURGED: the key is destroyed, nothing of the patient's choices can change any more. */
    public boolean erased() {
        return wrappedKey == null || state() == RecordState.OPPOSED || state() == RecordState.PURGED;
    }

    private static Optional<Instant> instant(OffsetDateTime t) {
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }

    private static byte[] bytes(Buffer b) {
        return b == null ? null : b.getBytes();
    }
}
