package fr.sante.dmp.store.record;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Document metadata as shown to an actor allowed to see it (decrypted title). */
public record DocumentSummary(
        UUID id,
        String classCode,
        String title,
        String contentType,
        Optional<String> authorRpps,
        Instant depositedAt,
        long size,
        boolean masked) {
}
