package fr.sante.dmp.store.research;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One extract as the DPO's list shows it: who made it, for which project, what it holds. No person named. */
public record ExtractSummary(UUID id, UUID projectId, String projectName, String madeBy, Instant madeAt, long persons,
                             long documents, long careLines, long suppressed, long generalised,
                             Optional<Instant> projectEndedAt) {
}
