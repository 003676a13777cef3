package fr.sante.dmp.store.patient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One page of the access history, newest first. */
public record AccessHistoryPage(List<Entry> entries, int page, boolean hasNext) {

    /** One audit entry as the patient reads it. */
    public record Entry(Instant at, String actorKind, Optional<String> rpps, Optional<String> professionCode,
                        String action, boolean allowed, String ruleId, String reasonFr, String reasonEn,
                        boolean breakGlass, Optional<String> representationKind) {
    }
}
