package fr.sante.dmp.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.DocumentSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/**
 * The face's HAPI context skips HAPI's search for resources to contain (a quarter of a searchset's serialisation):
 * what it answers must stay byte for byte what HAPI's default context writes, in JSON and XML.
 */
class FhirEncodingTest {
    private static final Ins INS = Ins.parse("2850575100123" + String.format("%02d", Ins.key("2850575100123")));

    @Test
    void theFacesContextWritesWhatHapisDefaultContextWrites() {
        FhirContext face = FhirFace.warmContext();
        FhirContext defaults = FhirContext.forR4Cached();
        assertThat(face.getParserOptions().isAutoContainReferenceTargetsWithNoId()).isFalse();
        List<DocumentSummary> documents = List.of(
                new DocumentSummary(UUID.randomUUID(), "11488-4", "Compte rendu \"é\" <b>", "application/pdf",
                        Optional.of("10001234565"), Instant.parse("2026-03-04T05:06:07.089Z"), 2048, false,
                        DocumentSummary.CURRENT, Optional.empty()),
                new DocumentSummary(UUID.randomUUID(), "34133-9", "Synthèse", "text/plain", Optional.empty(),
                        Instant.parse("2026-03-05T05:06:07Z"), 12, true, "superseded",
                        Optional.of(UUID.randomUUID())));
        Bundle page = DocumentReferences.searchset(documents, 2, INS, "http://x/fhir/r4",
                "http://x/fhir/r4/DocumentReference?patient=a", Optional.of("http://x/next"),
                Instant.parse("2026-12-07T10:00:00Z"));

        String json = face.newJsonParser().encodeResourceToString(page);
        assertThat(json).isEqualTo(defaults.newJsonParser().encodeResourceToString(page)).contains("Synthèse");
        assertThat(face.newXmlParser().encodeResourceToString(page))
                .isEqualTo(defaults.newXmlParser().encodeResourceToString(page));
    }
}
