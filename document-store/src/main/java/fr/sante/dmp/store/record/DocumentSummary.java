package fr.sante.dmp.store.record;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Document metadata as shown to an actor allowed to see it (decrypted title). {@code status}: {@link #CURRENT} or
 * {@link #SUPERSEDED} (replaced by a later document); {@code replaces}: the document this one superseded.
 */
public record DocumentSummary(
        UUID id,
        String classCode,
        String title,
        String contentType,
        Optional<String> authorRpps,
        Instant depositedAt,
        long size,
        boolean masked,
        String status,
        Optional<UUID> replaces) {

    public static final String CURRENT = "current";
    public static final String SUPERSEDED = "superseded";

    public DocumentSummary(UUID id, String classCode, String title, String contentType, Optional<String> authorRpps,
                           Instant depositedAt, long size, boolean masked) {
        this(id, classCode, title, contentType, authorRpps, depositedAt, size, masked, CURRENT, Optional.empty());
    }
}
