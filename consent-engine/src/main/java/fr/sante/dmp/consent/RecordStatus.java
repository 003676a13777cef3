package fr.sante.dmp.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a record stands in its lifecycle, with the instants the rules need. Produced only by {@link RecordLifecycle}.
 *
 * @param oppositionDeadline invitation sent + 42 days (R1111-28), while the record is or was INVITED
 * @param closedAt           when the person closed it (archive period counts from here)
 * @param deletionRequestedAt when the person asked for deletion (honoured within 3 months, R1111-36)
 */
public record RecordStatus(
        RecordState state,
        Optional<Instant> invitedAt,
        Optional<Instant> oppositionDeadline,
        Optional<Instant> closedAt,
        Optional<Instant> deletionRequestedAt) {

    public RecordStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(invitedAt, "invitedAt");
        Objects.requireNonNull(oppositionDeadline, "oppositionDeadline");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(deletionRequestedAt, "deletionRequestedAt");
    }
}
