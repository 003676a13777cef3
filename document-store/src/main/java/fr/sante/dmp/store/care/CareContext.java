package fr.sante.dmp.store.care;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A care context of a professional on a record: who, since when, until when, how it opened, and when the patient
 * ended it, if they did.
 *
 * @param via {@code presence}, {@code care-code}, {@code patient-grant} or {@code declared}
 */
public record CareContext(UUID id, String rpps, String profession, String via, Instant openedAt, Instant expiresAt,
                          Optional<Instant> endedAt) {

    /** In force at {@code at}: not ended and not expired. */
    public boolean liveAt(Instant at) {
        return endedAt.isEmpty() && expiresAt.isAfter(at);
    }
}
