package fr.sante.dmp.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.store.record.DocumentSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DocumentJsonTest {

    @Test
    void streamedListIsByteForByteTheJsonObjectEncoding() {
        List<DocumentSummary> documents = List.of(
                new DocumentSummary(UUID.randomUUID(), "11502-2", "Compte rendu « biologie » \"urgent\"\n\\ é\u0001",
                        "application/pdf", Optional.of("10001234565"), Instant.parse("2026-11-23T14:02:29.115456Z"),
                        1530, false),
                new DocumentSummary(UUID.randomUUID(), "34133-9", "Synthèse", "text/plain", Optional.empty(),
                        Instant.parse("2026-01-01T00:00:00Z"), 5_000_000_000L, true));

        assertThat(DocumentJson.listEncoded(documents).toString())
                .isEqualTo(DocumentJson.list(documents).encode());
        assertThat(DocumentJson.listEncoded(List.of()).toString()).isEqualTo(DocumentJson.list(List.of()).encode());
    }
}
