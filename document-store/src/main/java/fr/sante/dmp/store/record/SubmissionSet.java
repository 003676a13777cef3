package fr.sante.dmp.store.record;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A submission set as one actor may see it (the FHIR face's SubmissionSet List): who submitted it, when, the source
 * the bundle named (IHE's sourceId), and those of its documents this actor may see, in the bundle's order.
 */
public record SubmissionSet(UUID id, String sourceId, String authorRpps, Instant submittedAt, List<UUID> documents) {
    public SubmissionSet {
        documents = List.copyOf(documents);
    }
}
