package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-professional quota of distinct patients per day ({@value GuardsExtension#PATIENTS_PER_DAY} on the guards
 * platform): a script reading record after record with one professional identity is stopped, with its own problem
 * type and an alert naming the professional, never a patient. The script does what practice software does, a care
 * context opened with each patient's card then the list: the opening is the first request the quota refuses.
 */
@ExtendWith(GuardsExtension.class)
class PatientQuotaIT {

    @Test
    void bulkReadingScriptIsStoppedAtTheDailyQuotaOfDistinctPatientsWithAnAlert(Dmp dmp) {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < GuardsExtension.PATIENTS_PER_DAY + 5; i++) {
            patients.add(dmp.activePatient());
        }
        String rpps = Identities.rpps();
        String script = dmp.physician(rpps);
        try (LogCapture log = new LogCapture(PatientQuotaHandler.class)) {
            int allowed = 0;
            HttpResponse<Buffer> firstRefusal = null;
            int refused = 0;
            for (String ins : patients) {
                HttpResponse<Buffer> opened = dmp.openCareContext(script, ins,
                        Dmp.presenceProof(dmp.presence(ins, rpps)));
                assertThat(opened.statusCode()).as(opened.bodyAsString()).isIn(201, 429);
                HttpResponse<Buffer> r = dmp.list(script, ins);
                if (r.statusCode() == 200) {
                    allowed++;
                } else {
                    refused++;
                    if (firstRefusal == null) {
                        firstRefusal = r;
                    }
                }
            }

            assertThat(allowed).isEqualTo(GuardsExtension.PATIENTS_PER_DAY);
            assertThat(refused).isEqualTo(5);
            Dmp.problem(firstRefusal, 429, "patient-quota-exceeded");
            assertThat(Long.parseLong(firstRefusal.getHeader("Retry-After"))).isBetween(1L, 86_400L);
            // Patients already opened today stay open (the ward round goes on); another professional is unaffected.
            assertThat(dmp.list(script, patients.get(0)).statusCode()).isEqualTo(200);
            String last = patients.get(patients.size() - 1);
            assertThat(dmp.list(dmp.inCare(dmp.physician(Identities.rpps()), last), last).statusCode())
                    .isEqualTo(200);
            // Break-glass counts too: it cannot be used to go round the quota.
            Dmp.problem(dmp.breakGlass(script, patients.get(patients.size() - 1), "patient unconscious, allergies?"),
                    429, "patient-quota-exceeded");

            var alerts = log.alerts("distinct-patient-quota");
            assertThat(alerts).as("one alert, at the first refusal of the day").hasSize(1);
            String line = LogCapture.line(alerts.get(0));
            assertThat(line).contains(rpps);
            patients.forEach(ins -> assertThat(line).doesNotContain(ins));
        }
    }

    /**
     * The back doors: a professional past the quota still deposited (201) and read a document by id (200). Every
     * operation on a patient counts now. The care context opened yesterday is simulated by emptying today's set in
     * the real Redis after it (the set is per UTC day; a care context lasts 90).
     */
    @Test
    void pastTheQuotaDepositsAndReadsByDocumentIdOfANewPatientAreRefusedToo(Dmp dmp) {
        String ins = dmp.activePatient();
        String rpps = Identities.rpps();
        String physician = dmp.inCare(dmp.physician(rpps), ins);
        String id = dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "compte rendu");
        assertThat(dmp.get("/api/v1/documents/" + id, physician).statusCode()).isEqualTo(200);
        forgetToday(dmp, physician);
        for (int i = 0; i < GuardsExtension.PATIENTS_PER_DAY; i++) {
            assertThat(dmp.list(physician, Identities.ins()).statusCode()).isNotEqualTo(429);
        }

        HttpResponse<Buffer> read = dmp.get("/api/v1/documents/" + id, physician);
        HttpResponse<Buffer> deposit = dmp.deposit(physician, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "t", "x"));

        Dmp.problem(read, 429, "patient-quota-exceeded");
        assertThat(read.bodyAsString()).doesNotContain("content of compte rendu");
        Dmp.problem(deposit, 429, "patient-quota-exceeded");
        // The door recorded each refused read as refused, with the quota's rule: not as the read it never served.
        List<String> reads = dmp.auditOf(Dmp.rppsOf(physician)).stream()
                .filter(e -> e.startsWith("READ_DOCUMENT")).toList();
        assertThat(reads).containsExactly("READ_DOCUMENT true document-author",
                "READ_DOCUMENT false patient-quota-exceeded");
    }

    /**
     * The same back doors on the FHIR face: a DocumentReference or Binary read by id, and an ITI-65 bundle, naming
     * the patient only once the store (or the parsed bundle) does, were not counted: past the quota they answered
     * 200. They count now, before anything of the record leaves or is stored.
     */
    @Test
    void pastTheQuotaTheFhirFacesReadsByIdAndBundlesOfANewPatientAreRefusedToo(Dmp dmp) {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        String id = dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "compte rendu");
        assertThat(dmp.get("/fhir/r4/Binary/" + id, physician).statusCode()).isEqualTo(200);
        forgetToday(dmp, physician);
        for (int i = 0; i < GuardsExtension.PATIENTS_PER_DAY; i++) {
            assertThat(dmp.list(physician, Identities.ins()).statusCode()).isNotEqualTo(429);
        }

        HttpResponse<Buffer> reference = dmp.get("/fhir/r4/DocumentReference/" + id, physician);
        HttpResponse<Buffer> binary = dmp.get("/fhir/r4/Binary/" + id, physician);
        String bundle = FhirConformance.CONTEXT.newJsonParser()
                .encodeResourceToString(FhirFaceIT.provideBundle(ins, "second note"));
        HttpResponse<Buffer> provided = dmp.sendRaw(io.vertx.core.http.HttpMethod.POST, "/fhir/r4", physician,
                "application/fhir+json", Buffer.buffer(bundle));

        for (HttpResponse<Buffer> r : List.of(reference, binary, provided)) {
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(429);
            assertThat(r.getHeader("Retry-After")).isNotNull();
            assertThat(r.bodyAsString()).contains("OperationOutcome").doesNotContain("content of compte rendu")
                    .doesNotContain("compte rendu");
        }
        assertThat(dmp.list(dmp.inCare(dmp.physician(Identities.rpps()), ins), ins).bodyAsString())
                .as("the bundle stored nothing").doesNotContain("second note");
        assertThat(dmp.auditOf(Dmp.rppsOf(physician)).stream().filter(e -> e.startsWith("READ_DOCUMENT")))
                .containsExactly("READ_DOCUMENT true document-author", "READ_DOCUMENT false patient-quota-exceeded",
                        "READ_DOCUMENT false patient-quota-exceeded");
    }

    /** Today's set of this professional emptied in the real Redis: their patients were opened "yesterday". */
    private static void forgetToday(Dmp dmp, String token) {
        io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(dmp.vertx,
                dmp.platform.services().redisUri());
        try {
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            Dmp.await(redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL)
                    .arg(fr.sante.dmp.gateway.guard.PatientQuota.key(Dmp.rppsOf(token), today))));
        } finally {
            redis.close();
        }
    }
}
