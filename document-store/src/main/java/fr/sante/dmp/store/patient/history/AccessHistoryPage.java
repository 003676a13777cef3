package fr.sante.dmp.store.patient.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One page of the access history, newest first. */
public record AccessHistoryPage(List<Entry> entries, int page, boolean hasNext) {

    /**
     * One audit entry as the patient reads it; {@code documentId} names the document concerned, and
     * {@code documentTitle} its title, decrypted for the patient, while the document is still in the record.
     */
    public record Entry(Instant at, String actorKind, Optional<String> rpps, Optional<String> professionCode,
                        String action, boolean allowed, String ruleId, String reasonFr, String reasonEn,
                        boolean breakGlass, Optional<UUID> documentId, Optional<String> documentTitle,
                        Optional<String> representationKind) {
    }
}
