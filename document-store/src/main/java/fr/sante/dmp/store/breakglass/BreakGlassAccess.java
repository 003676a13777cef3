package fr.sante.dmp.store.breakglass;

import fr.sante.dmp.store.record.DocumentSummary;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An emergency access granted: its id (the review item), its end, and the documents it shows. */
public record BreakGlassAccess(UUID grantId, Instant expiresAt, List<DocumentSummary> documents) {
}
