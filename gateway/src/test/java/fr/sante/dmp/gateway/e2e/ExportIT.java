package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole record as one ZIP ({@code GET /api/v1/me/export}): the archive opened, the FHIR Bundle parsed strictly by
 * HAPI, each document's bytes as deposited, the export audited and shown in the history; a representative's archive
 * holds what the door lets them see; exports at once past the gate are 429 problems.
 */
@ExtendWith(PlatformExtension.class)
class ExportIT {
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void theArchiveHoldsEveryDocumentAndABundleOfProfileDirectivesAndHistory(Dmp dmp) throws IOException {
        TestPatient p = TestPatient.registered(dmp);
        String doctor = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String note = dmp.deposited(doctor, p.ins(), Dmp.CONSULTATION_NOTE, "Consultation de mars");
        String letter = dmp.deposited(doctor, p.ins(), Dmp.CONSULTATION_NOTE, "Lettre de liaison");
        String token = p.login(dmp);
        HttpResponse<Buffer> draft = dmp.send(HttpMethod.PUT, "/api/v1/me/directives", token, new JsonObject()
                .put("model", "B_GOOD_HEALTH").put("freeText", "Pas d'acharnement."));
        assertThat(draft.statusCode()).as(draft.bodyAsString()).isEqualTo(200);

        HttpResponse<Buffer> export = dmp.get("/api/v1/me/export", token);

        assertThat(export.statusCode()).as(export.bodyAsString()).isEqualTo(200);
        assertThat(export.getHeader("Content-Type")).isEqualTo("application/zip");
        assertThat(export.getHeader("Content-Disposition")).startsWith("attachment; filename=\"dossier-medical-");
        assertThat(export.getHeader("Cache-Control")).contains("no-store");
        Map<String, byte[]> zip = unzip(export.body());
        assertThat(zip).containsKey("dossier-medical.fhir.json");
        Bundle bundle = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Bundle.class, new String(zip.get("dossier-medical.fhir.json"), StandardCharsets.UTF_8));
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);

        Patient patient = resources(bundle, Patient.class).get(0);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(p.ins());
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Camille");

        List<DocumentReference> refs = resources(bundle, DocumentReference.class);
        assertThat(refs).extracting(ExportIT::documentId).containsExactlyInAnyOrder(note, letter);
        for (DocumentReference r : refs) {
            String path = r.getContentFirstRep().getAttachment().getUrl();
            assertThat(path).startsWith("documents/");
            assertThat(new String(zip.get(path), StandardCharsets.UTF_8))
                    .isEqualTo("content of " + r.getDescription());
        }
        assertThat(zip.keySet()).hasSize(3);

        List<Consent> consents = resources(bundle, Consent.class);
        assertThat(consents).anySatisfy(c -> {
            assertThat(c.getScope().getCodingFirstRep().getCode()).isEqualTo("adr");
            assertThat(c.getStatus()).isEqualTo(Consent.ConsentState.DRAFT);
            assertThat(new String(c.getSourceAttachment().getData(), StandardCharsets.UTF_8))
                    .contains("Pas d'acharnement.");
        });
        assertThat(consents).anySatisfy(c -> assertThat(c.getScope().getCodingFirstRep().getCode())
                .isEqualTo("patient-privacy"));

        List<String> actions = new ArrayList<>();
        resources(bundle, AuditEvent.class).forEach(a -> actions.add(a.getSubtypeFirstRep().getCode()));
        assertThat(actions).contains("EXPORT_RECORD", "DEPOSIT", "SAVE_DIRECTIVES", "PATIENT_LOGIN");

        // Audited, and shown in the person's own history.
        HttpResponse<Buffer> mine = dmp.get("/api/v1/me/access-history?filter=mine", token);
        assertThat(mine.bodyAsString()).contains("EXPORT_RECORD");
    }

    @Test
    void aRepresentativesArchiveHoldsWhatTheDoorLetsThemSee(Dmp dmp) throws IOException {
        TestPatient parent = TestPatient.born(dmp, "1985-05-14", "Julie", "Martin");
        TestPatient child = TestPatient.born(dmp, "2017-03-02", "Léo", "Martin");
        RepresentativesIT.id(RepresentativesIT.create(dmp, parent, child, "PARENTAL_AUTHORITY"));
        String doctor = dmp.inCare(dmp.physician(Identities.rpps()), child.ins());
        String ordinary = dmp.deposited(doctor, child.ins(), Dmp.CONSULTATION_NOTE, "Vaccination");
        HttpResponse<Buffer> secret = dmp.deposit(doctor, child.ins(), Dmp.document(Dmp.CONSULTATION_NOTE,
                "Consultation confidentielle", "secret").put("confidentialFromRepresentatives", true));
        assertThat(secret.statusCode()).as(secret.bodyAsString()).isEqualTo(201);
        String forLeo = RepresentativesIT.actingFor(dmp, parent.login(dmp), child.ins());

        HttpResponse<Buffer> export = dmp.get("/api/v1/me/export", forLeo);

        assertThat(export.statusCode()).as(export.bodyAsString()).isEqualTo(200);
        Map<String, byte[]> zip = unzip(export.body());
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class,
                new String(zip.get("dossier-medical.fhir.json"), StandardCharsets.UTF_8));
        assertThat(resources(bundle, DocumentReference.class)).extracting(ExportIT::documentId)
                .containsExactly(ordinary);
        assertThat(zip.keySet()).hasSize(2);
        assertThat(new String(zip.get("dossier-medical.fhir.json"), StandardCharsets.UTF_8))
                .doesNotContain("Consultation confidentielle");
        List<String> agents = new ArrayList<>();
        resources(bundle, AuditEvent.class).forEach(a -> agents.add(a.getAgentFirstRep().getType()
                .getCodingFirstRep().getCode() + " " + a.getSubtypeFirstRep().getCode()));
        assertThat(agents).contains("REPRESENTATIVE EXPORT_RECORD");
    }

    @Test
    void exportsOfOneRecordAtOnceArePastTheGateAndAnsweredTooManyExports(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String doctor = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        for (int i = 0; i < 5; i++) {
            dmp.deposited(doctor, p.ins(), Dmp.CONSULTATION_NOTE, "Compte rendu " + i);
        }
        String token = p.login(dmp);

        List<Future<HttpResponse<Buffer>>> at = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            at.add(dmp.request(HttpMethod.GET, "/api/v1/me/export", token).send());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<Buffer>> f : at) {
            HttpResponse<Buffer> r = await(f);
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                Dmp.problem(r, 429, "too-many-exports");
                assertThat(r.getHeader("Retry-After")).isEqualTo("30");
            }
        }

        assertThat(statuses).containsOnly(200, 429).contains(200, 429);
        // The gate is released: the next export runs.
        assertThat(dmp.get("/api/v1/me/export", token).statusCode()).isEqualTo(200);
    }

    @Test
    void anOpposedRecordHasNothingToExport(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp, "INVITED");
        String token = p.login(dmp);
        HttpResponse<Buffer> opposed = dmp.send(HttpMethod.POST, "/api/v1/me/opposition", token, new JsonObject());
        assertThat(opposed.statusCode()).as(opposed.bodyAsString()).isEqualTo(201);

        HttpResponse<Buffer> export = dmp.get("/api/v1/me/export", token);

        assertThat(export.statusCode()).as(export.bodyAsString()).isIn(403, 404, 409);
        assertThat(export.getHeader("Content-Type")).startsWith("application/problem+json");
    }

    /** The store's id (HAPI names a resource after its entry's urn:uuid full URL; the master identifier keeps it). */
    static String documentId(DocumentReference r) {
        return r.getMasterIdentifier().getValue().substring("urn:uuid:".length());
    }

    static Map<String, byte[]> unzip(Buffer body) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(body.getBytes()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static <T> List<T> resources(Bundle bundle, Class<T> type) {
        List<T> out = new ArrayList<>();
        bundle.getEntry().forEach(e -> {
            if (type.isInstance(e.getResource())) {
                out.add(type.cast(e.getResource()));
            }
        });
        return out;
    }
}
