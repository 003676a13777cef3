package fr.sante.dmp.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.DocumentSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.store.record.PatientFound;
import fr.sante.dmp.store.record.SubmissionSet;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Date;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * The face's HAPI context skips HAPI's search for resources to contain (a quarter of a searchset's serialisation), and
 * its JSON is written by the R4 composer ({@link R4Json}): what it answers must stay byte for byte what HAPI's default
 * context writes, in JSON and XML, for every kind of resource the face answers.
 */
class FhirEncodingTest {
    private static final Ins INS = Ins.parse("2850575100123" + String.format("%02d", Ins.key("2850575100123")));

    private static List<DocumentSummary> documents() {
        return List.of(
                new DocumentSummary(UUID.randomUUID(), "11488-4", "Compte rendu \"é\" <b> \\ /\n\t\u2028\u0001 «»",
                        "application/pdf", Optional.of("10001234565"), Instant.parse("2026-03-04T05:06:07.089Z"), 2048,
                        false, DocumentSummary.CURRENT, Optional.empty()),
                new DocumentSummary(UUID.randomUUID(), "34133-9", "Synthèse", "text/plain", Optional.empty(),
                        Instant.parse("2026-03-05T05:06:07Z"), 12, true, "superseded",
                        Optional.of(UUID.randomUUID())));
    }

    @Test
    void theFacesJsonIsWhatHapisParserWritesForEveryKindOfAnswer() {
        FhirContext defaults = FhirContext.forR4Cached();
        String base = "http://x/fhir/r4";
        List<DocumentSummary> documents = documents();
        Bundle patients = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1);
        patients.addEntry().setFullUrl(base + "/Patient/" + INS.value()).setResource(PatientHandlers.patient(
                new PatientFound(INS, "Zoé", "N'Guyen-Lefèvre", LocalDate.of(1985, 5, 7), "F")));
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        response.getMeta().setLastUpdated(new Date(1_765_000_000_123L));
        response.addEntry().getResponse().setStatus("201 Created").setLocation("DocumentReference/" + UUID.randomUUID());
        Binary binary = new Binary();
        binary.setId(UUID.randomUUID().toString());
        binary.setContentType("application/pdf");
        binary.setData("%PDF-1.7 é\u0000".getBytes(StandardCharsets.UTF_8));
        List<Resource> answers = List.of(
                DocumentReferences.searchset(documents, 7, INS, base, base + "/DocumentReference?patient=a",
                        Optional.of(base + "/DocumentReference?after=b"), Instant.parse("2026-12-07T10:00:00Z")),
                DocumentReferences.searchset(List.of(), 0, INS, base, base + "/DocumentReference?patient=a",
                        Optional.empty(), Instant.parse("2026-12-07T10:00:00Z")),
                DocumentReferences.of(documents.get(0), null, base),
                DocumentReferences.of(documents.get(1), null, base),
                OperationOutcomes.of(Problem.field(ProblemType.INVALID_FIELD, "patient.identifier",
                        "l'identifiant « INS » est invalide"), "req-1"),
                OperationOutcomes.of(Problem.of(ProblemType.CONSENT_DENIED, "blocked by the patient"), "req-2"),
                SubmissionSetLists.of(new SubmissionSet(UUID.randomUUID(), "1.2.250.1.999", "10001234565",
                        Instant.parse("2026-03-04T05:06:07Z"), List.of(UUID.randomUUID(), UUID.randomUUID()))),
                patients, response, binary);

        Fhir fhir = new Fhir(null, defaults);
        for (Resource answer : answers) {
            assertThat(R4Json.encode(answer).toString(StandardCharsets.UTF_8))
                    .as(answer.fhirType())
                    .isEqualTo(defaults.newJsonParser().encodeResourceToString(answer))
                    .isEqualTo(fhir.encodeNow(answer, FhirFormat.JSON).toString(StandardCharsets.UTF_8));
        }
        // The metadata keeps HAPI's parser: the composer orders a complex extension's url after its extensions.
        CapabilityStatement metadata = Capability.statement(base, new JsonObject().put("issuer", "http://issuer")
                .put("authorization_endpoint", "http://issuer/authorize")
                .put("token_endpoint", "http://issuer/token"), new Date(1_765_000_000_000L));
        assertThat(fhir.encodeNow(metadata, FhirFormat.JSON).toString(StandardCharsets.UTF_8))
                .isEqualTo(defaults.newJsonParser().encodeResourceToString(metadata))
                .isNotEqualTo(R4Json.encode(metadata).toString(StandardCharsets.UTF_8));
    }

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
