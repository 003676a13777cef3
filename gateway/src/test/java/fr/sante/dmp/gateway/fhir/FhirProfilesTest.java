package fr.sante.dmp.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.gateway.e2e.FhirConformance;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.SubmissionSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.junit.jupiter.api.Test;

/**
 * The face's DocumentReferences and bundles as it writes them, validated against the IHE MHD profiles (no server), and
 * proof that this validation does fail: the same resources without an element an MHD profile requires are reported.
 */
class FhirProfilesTest {
    private static final String BASE = "https://dmp.example/fhir/r4";
    private static final Ins INS = Ins.parse("2850575100123" + String.format("%02d", Ins.key("2850575100123")));

    private static DocumentSummary summary(boolean replacing) {
        return new DocumentSummary(UUID.randomUUID(), "11488-4", "Compte rendu de consultation", "text/plain",
                Optional.of("10000000006"), Instant.parse("2026-01-02T10:15:30Z"), 42, false,
                DocumentSummary.CURRENT, replacing ? Optional.of(UUID.randomUUID()) : Optional.empty());
    }

    private static Bundle searchset(DocumentReference... refs) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(refs.length);
        b.addLink().setRelation("self").setUrl(BASE + "/DocumentReference?patient.identifier=x");
        for (DocumentReference r : refs) {
            b.addEntry().setFullUrl(BASE + "/DocumentReference/" + r.getIdPart()).setResource(r)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return b;
    }

    private static List<String> messages(List<SingleValidationMessage> errors) {
        return errors.stream().map(m -> m.getLocationString() + " " + m.getMessage()).toList();
    }

    @Test
    void aSearchedDocumentConformsToMhdMinimal() {
        DocumentReference r = DocumentReferences.of(summary(true), INS, BASE);
        assertThat(FhirConformance.assertValid(r)).contains(FhirConformance.MHD_DOCUMENT_REFERENCE);
        // MHD 4.2.3 (newer than the package validated against here) makes the identifiers' use 1..1.
        assertThat(r.getMasterIdentifier().getUse()).isEqualTo(Identifier.IdentifierUse.USUAL);
        assertThat(r.getIdentifierFirstRep().getUse()).isEqualTo(Identifier.IdentifierUse.OFFICIAL);
        assertThat(FhirConformance.assertValid(searchset(r, DocumentReferences.of(summary(false), INS, BASE))))
                .contains(FhirConformance.MHD_FIND_RESPONSE);
    }

    @Test
    void aDocumentReadByIdConformsToMhd() {
        DocumentReference r = DocumentReferences.of(summary(false), null, BASE);
        assertThat(FhirConformance.assertValid(r)).contains(FhirConformance.MHD_DOCUMENT_REFERENCE);
    }

    @Test
    void aDocumentWithoutWhatMhdRequiresIsReported() {
        DocumentReference r = DocumentReferences.of(summary(false), INS, BASE);
        assertThat(FhirConformance.errors(r, FhirConformance.MHD_DOCUMENT_REFERENCE)).isEmpty();
        r.setMasterIdentifier(null);                                   // Minimal: masterIdentifier 1..1
        r.getContentFirstRep().getAttachment().setUrl(null);           // Minimal: attachment.url 1..1
        r.setContext(null);                                            // Comprehensive: context 1..1
        assertThat(FhirConformance.errors(r, null)).as("R4 core alone").isEmpty();
        assertThat(messages(FhirConformance.errors(r, FhirConformance.MHD_DOCUMENT_REFERENCE)))
                .anySatisfy(m -> assertThat(m).contains("masterIdentifier"))
                .anySatisfy(m -> assertThat(m).contains("attachment.url"))
                .noneSatisfy(m -> assertThat(m).contains("DocumentReference.context"));
        assertThat(messages(FhirConformance.errors(r, FhirConformance.MHD_COMPREHENSIVE_DOCUMENT_REFERENCE)))
                .anySatisfy(m -> assertThat(m).contains("masterIdentifier"))
                .anySatisfy(m -> assertThat(m).contains("DocumentReference.context"));
        // Inside an ITI-67 answer: MHD slices the entries by profile, openly, so the bundle's own validation passes a
        // non-conforming DocumentReference as "outside the slice"; FhirConformance checks each entry as well.
        assertThat(FhirConformance.errors(searchset(r), FhirConformance.MHD_FIND_RESPONSE)).isEmpty();
        assertThat(FhirConformance.problems(searchset(r)))
                .anySatisfy(m -> assertThat(m).contains(FhirConformance.MHD_DOCUMENT_REFERENCE)
                        .contains("masterIdentifier"));
    }

    @Test
    void anAnswerWithoutWhatMhdRequiresIsReported() {
        Bundle noTotal = searchset(DocumentReferences.of(summary(false), INS, BASE)).setTotalElement(null);
        assertThat(FhirConformance.errors(noTotal, null)).as("R4 core alone").isEmpty();
        assertThat(messages(FhirConformance.errors(noTotal, FhirConformance.MHD_FIND_RESPONSE)))
                .anySatisfy(m -> assertThat(m).contains("Bundle.total"));
        // No page is let through without it, a page of a multi-page answer included.
        Bundle page = noTotal.copy();
        page.addLink().setRelation("next").setUrl(BASE + "/DocumentReference?patient.identifier=x&_cursor=abc");
        assertThat(messages(FhirConformance.errors(page, FhirConformance.MHD_FIND_RESPONSE)))
                .anySatisfy(m -> assertThat(m).contains("Bundle.total"));
        page.setTotal(7);
        assertThat(FhirConformance.errors(page, FhirConformance.MHD_FIND_RESPONSE)).isEmpty();
        ((DocumentReference) page.getEntryFirstRep().getResource()).setMasterIdentifier(null);
        assertThat(FhirConformance.problems(page)).anySatisfy(m -> assertThat(m).contains("masterIdentifier"));

        // An ITI-65 answer: every entry, the SubmissionSet's included, needs its location.
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        response.addEntry().getResponse().setStatus("201 Created").setLocation("List/1");
        response.addEntry().getResponse().setStatus("201 Created").setLocation("DocumentReference/1");
        assertThat(FhirConformance.errors(response, FhirConformance.MHD_PROVIDE_RESPONSE)).isEmpty();
        response.getEntry().get(0).getResponse().setLocation(null);
        assertThat(FhirConformance.errors(response, null)).as("R4 core alone").isEmpty();
        assertThat(messages(FhirConformance.errors(response, FhirConformance.MHD_PROVIDE_RESPONSE)))
                .hasSize(1).allSatisfy(m -> assertThat(m).contains("location"));
    }

    @Test
    void theSubmissionSetListConformsToMhdAndIsReportedWithoutItsSourceId() {
        SubmissionSet set = new SubmissionSet(UUID.randomUUID(), "urn:oid:2.999.1", "10001234565",
                Instant.parse("2026-12-01T10:00:00Z"), List.of(UUID.randomUUID(), UUID.randomUUID()));
        ListResource list = SubmissionSetLists.of(set);
        assertThat(FhirConformance.assertValid(list)).contains(FhirConformance.MHD_SUBMISSION_SET);
        assertThat(SubmissionSetLists.oid(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")))
                .isEqualTo("2.25.329800735698586629295641978511506172918");   // X.667's own example
        list.getExtension().clear();                                   // Minimal: sourceId 1..1
        assertThat(FhirConformance.errors(list, null)).as("R4 core alone").isEmpty();
        assertThat(messages(FhirConformance.errors(list, FhirConformance.MHD_SUBMISSION_SET)))
                .anySatisfy(m -> assertThat(m).contains("sourceId"));
    }

    /**
     * What keeps the face from MHD's Comprehensive Metadata (and so from PDSm, built on it): metadata the store does
     * not keep, a contained source patient, and on a read by id the subject. When the store keeps them, this test fails: then validate against Comprehensive in FhirConformance.
     */
    @Test
    void comprehensiveMetadataNeedsWhatTheStoreDoesNotKeep() {
        List<String> searched = messages(FhirConformance.errors(DocumentReferences.of(summary(false), INS, BASE),
                FhirConformance.MHD_COMPREHENSIVE_DOCUMENT_REFERENCE));
        assertThat(searched).hasSize(4)
                .anySatisfy(m -> assertThat(m).contains("context.facilityType: minimum required = 1"))
                .anySatisfy(m -> assertThat(m).startsWith("DocumentReference.context.sourcePatientInfo")
                        .contains("contained"))
                .anySatisfy(m -> assertThat(m).contains("context.practiceSetting: minimum required = 1"))
                .anySatisfy(m -> assertThat(m).contains("attachment.language: minimum required = 1"));
        List<String> read = messages(FhirConformance.errors(DocumentReferences.of(summary(false), null, BASE),
                FhirConformance.MHD_COMPREHENSIVE_DOCUMENT_REFERENCE));
        assertThat(read).anySatisfy(m -> assertThat(m).contains("DocumentReference.subject: minimum required = 1"));
    }
}
