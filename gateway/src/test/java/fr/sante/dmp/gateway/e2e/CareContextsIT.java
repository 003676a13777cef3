package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.dev.DevIssuer;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.patient.lifecycle.RecordErasure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Care relationships through the running platform: a professional reads or writes a record only as the treating
 * doctor, under a live care context, with an occupational physician's express consent, or in an emergency. Contexts
 * open with a presence assertion of the development card reader, the patient's care code, or (where the policy allows
 * it, not by default) a declaration. On the guards platform: its small distinct-patient quota shows that an opening
 * counts as a read of the patient ({@value GuardsExtension#PATIENTS_PER_DAY} a day).
 */
@ExtendWith(GuardsExtension.class)
class CareContextsIT {
    private static final String RELATIONSHIP = "care-relationship-required";
    private static final String PRESCRIPTION = "57833-6";

    // ---- without a relationship ----

    @Test
    void withoutARelationshipAPhysicianNeitherReadsNorWritesAndIsToldTheRule(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String author = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String id = dmp.deposited(author, p.ins(), Dmp.CONSULTATION_NOTE, "Consultation");
        String stranger = dmp.physician(Identities.rpps());

        assertThat(rule(dmp.list(stranger, p.ins()))).isEqualTo(RELATIONSHIP);
        assertThat(rule(dmp.get("/api/v1/documents/" + id, stranger))).isEqualTo(RELATIONSHIP);
        assertThat(rule(dmp.deposit(stranger, p.ins(), Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x"))))
                .isEqualTo(RELATIONSHIP);
        assertThat(rule(dmp.get("/api/v1/patients/" + p.ins() + "/directives", stranger))).isEqualTo(RELATIONSHIP);
        assertThat(rule(dmp.get("/api/v1/patients/" + p.ins() + "/care-history", stranger))).isEqualTo(RELATIONSHIP);
        // Nothing of the record in the refusals.
        assertThat(dmp.list(stranger, p.ins()).bodyAsString()).doesNotContain(id).doesNotContain("Consultation");

        // Once the patient's card is read at their practice, the same professional is in.
        dmp.inCare(stranger, p.ins());
        assertThat(dmp.list(stranger, p.ins()).statusCode()).isEqualTo(200);
        assertThat(dmp.get("/api/v1/documents/" + id, stranger).statusCode()).isEqualTo(200);
        assertThat(dmp.deposit(stranger, p.ins(), Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x")).statusCode())
                .isEqualTo(201);
    }

    // ---- presence ----

    @Test
    void aPresenceAssertionOpensAContextOfTheProfessionsDuration(Dmp dmp) {
        String ins = dmp.activePatient();
        String physicianRpps = Identities.rpps();
        String physician = dmp.physician(physicianRpps);
        String pharmacistRpps = Identities.rpps();
        String pharmacist = dmp.professional(pharmacistRpps, "21", "dmp:read dmp:write");

        Instant before = Instant.now();
        JsonObject doctors = opened(dmp.openCareContext(physician, ins,
                Dmp.presenceProof(dmp.presence(ins, physicianRpps))));
        JsonObject pharmacists = opened(dmp.openCareContext(pharmacist, ins,
                Dmp.presenceProof(dmp.presence(ins, pharmacistRpps))));

        assertThat(doctors.getString("via")).isEqualTo("presence");
        assertThat(UUID.fromString(doctors.getString("id"))).isNotNull();
        assertThat(expiresIn(doctors, before)).isCloseTo(Duration.ofDays(90).toSeconds(), within(120L));
        assertThat(pharmacists.getString("via")).isEqualTo("presence");
        assertThat(expiresIn(pharmacists, before)).isCloseTo(Duration.ofDays(3).toSeconds(), within(120L));
        assertThat(dmp.list(physician, ins).statusCode()).isEqualTo(200);
        assertThat(dmp.deposit(pharmacist, ins, Dmp.document(PRESCRIPTION, "Ordonnance", "x")).statusCode())
                .isEqualTo(201);

        // Opening a live context again extends it: same context, never a second one.
        JsonObject again = opened(dmp.openCareContext(physician, ins,
                Dmp.presenceProof(dmp.presence(ins, physicianRpps))));
        assertThat(again.getString("id")).isEqualTo(doctors.getString("id"));
    }

    @Test
    void anAssertionForAnotherPatientOrAnotherProfessionalIsABadRequest(Dmp dmp) {
        String ins = dmp.activePatient();
        String other = dmp.activePatient();
        String rpps = Identities.rpps();
        String physician = dmp.physician(rpps);

        JsonObject patient = Dmp.problem(dmp.openCareContext(physician, ins,
                Dmp.presenceProof(dmp.presence(other, rpps))), 400, "invalid-field");
        assertThat(patient.getString("field")).isEqualTo("proof.assertion");
        JsonObject professional = Dmp.problem(dmp.openCareContext(physician, ins,
                Dmp.presenceProof(dmp.presence(ins, Identities.rpps()))), 400, "invalid-field");
        assertThat(professional.getString("field")).isEqualTo("proof.assertion");
        // Neither opened anything.
        assertThat(rule(dmp.list(physician, ins))).isEqualTo(RELATIONSHIP);
    }

    @Test
    void anExpiredForgedOrMisdirectedAssertionIsAnInvalidProof(Dmp dmp) {
        String ins = dmp.activePatient();
        String rpps = Identities.rpps();
        String physician = dmp.physician(rpps);
        Map<String, Object> claims = Map.of("ins", ins, "rpps", rpps);
        String valid = dmp.presence(ins, rpps);
        String[] parts = valid.split("\\.");
        char c = parts[2].charAt(10);
        String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (c == 'A' ? 'B' : 'A')
                + parts[2].substring(11);

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("expired", dmp.presence(ins, rpps, -120));
        forged.put("tampered signature", tampered);
        forged.put("signed by the professionals' issuer", dmp.issuer().issue(DevIssuer.ISSUER_ID, ins,
                List.of(DevIssuer.PRESENCE_AUDIENCE), claims, 300));
        forged.put("for another audience", dmp.issuer().issue(DevIssuer.PRESENCE_ISSUER_ID, ins,
                List.of(Dmp.AUDIENCE), claims, 300));
        forged.put("living an hour", dmp.presence(ins, rpps, 3600));
        forged.put("not a JWT", "x".repeat(40));
        for (Map.Entry<String, String> f : forged.entrySet()) {
            HttpResponse<Buffer> r = dmp.openCareContext(physician, ins, Dmp.presenceProof(f.getValue()));
            assertThat(r.statusCode()).as(f.getKey() + ": " + r.bodyAsString()).isEqualTo(403);
            Dmp.problem(r, 403, "invalid-proof");
        }
        assertThat(rule(dmp.list(physician, ins))).isEqualTo(RELATIONSHIP);
        // The genuine one still works.
        opened(dmp.openCareContext(physician, ins, Dmp.presenceProof(valid)));
    }

    // ---- care code and declaration ----

    @Test
    void theCareCodeOpensOnceAndAWrongOneIsRefusedAsForAnUnknownPerson(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String physician = dmp.physician(Identities.rpps());
        String patient = p.login(dmp);
        HttpResponse<Buffer> issued = dmp.send(HttpMethod.POST, "/api/v1/me/care-code", patient, new JsonObject());
        assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
        String code = issued.bodyAsJsonObject().getString("code");
        String wrong = code.equals("000000") ? "000001" : "000000";

        HttpResponse<Buffer> refused = dmp.openCareContext(physician, p.ins(), Dmp.careCodeProof(wrong));
        HttpResponse<Buffer> unknown = dmp.openCareContext(physician, Identities.ins(), Dmp.careCodeProof(wrong));

        assertThat(rule(refused)).isEqualTo("care-proof-refused");
        assertThat(withoutRequestId(unknown)).as("an unknown person answers as a wrong code")
                .isEqualTo(withoutRequestId(refused));
        JsonObject context = opened(dmp.openCareContext(physician, p.ins(), Dmp.careCodeProof(code)));
        assertThat(context.getString("via")).isEqualTo("care-code");
        assertThat(dmp.list(physician, p.ins()).statusCode()).isEqualTo(200);
        // One time only: another professional cannot reuse it.
        assertThat(rule(dmp.openCareContext(dmp.physician(Identities.rpps()), p.ins(), Dmp.careCodeProof(code))))
                .isEqualTo("care-proof-refused");
    }

    @Test
    void aWrongCareCodeIsRefusedAndSoIsItForAnUnknownPerson(Dmp dmp) {
        String ins = dmp.activePatient();
        String physician = dmp.physician(Identities.rpps());

        HttpResponse<Buffer> refused = dmp.openCareContext(physician, ins, Dmp.careCodeProof("123456"));
        HttpResponse<Buffer> unknown = dmp.openCareContext(physician, Identities.ins(), Dmp.careCodeProof("123456"));

        assertThat(rule(refused)).isEqualTo("care-proof-refused");
        assertThat(rule(unknown)).isEqualTo("care-proof-refused");
        assertThat(withoutRequestId(unknown)).isEqualTo(withoutRequestId(refused));
        assertThat(rule(dmp.list(physician, ins))).isEqualTo(RELATIONSHIP);
    }

    @Test
    void aDeclarationAloneIsRefusedByTheDefaultPolicy(Dmp dmp) {
        String ins = dmp.activePatient();
        String physician = dmp.physician(Identities.rpps());

        HttpResponse<Buffer> r = dmp.openCareContext(physician, ins,
                Dmp.declaredProof("Patient seen at home, card reader unavailable"));

        assertThat(rule(r)).isEqualTo("care-context-declaration-off");
        assertThat(rule(dmp.list(physician, ins))).isEqualTo(RELATIONSHIP);
    }

    // ---- release of a withheld document ----

    @Test
    void aWithheldDocumentIsReleasedByItsAuthorNotByAnotherPhysicianInCare(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String author = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String other = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        HttpResponse<Buffer> deposited = dmp.deposit(author, p.ins(),
                Dmp.document("11526-1", "Anatomopathologie", "résultat à annoncer").put("withheldFromPatient", true));
        assertThat(deposited.statusCode()).as(deposited.bodyAsString()).isEqualTo(201);
        String id = deposited.bodyAsJsonObject().getString("id");
        String patient = p.login(dmp);
        assertThat(myDocuments(dmp, patient)).doesNotContain(id);

        HttpResponse<Buffer> notAllowed = dmp.release(other, id);
        assertThat(rule(notAllowed)).isEqualTo("release-not-allowed");
        assertThat(myDocuments(dmp, patient)).doesNotContain(id);

        HttpResponse<Buffer> released = dmp.release(author, id);
        assertThat(released.statusCode()).as(released.bodyAsString()).isEqualTo(204);
        assertThat(myDocuments(dmp, patient)).contains(id);
    }

    // ---- opposed, purged and unknown persons look alike ----

    @Test
    void opposedPurgedAndUnknownPersonsGiveTheSameAnswersToAProfessional(Dmp dmp) throws Exception {
        TestPatient invited = TestPatient.registered(dmp, "INVITED");
        String token = invited.login(dmp);
        HttpResponse<Buffer> opposition = dmp.send(HttpMethod.POST, "/api/v1/me/opposition", token, new JsonObject());
        assertThat(opposition.statusCode()).as(opposition.bodyAsString()).isEqualTo(201);
        String purged = dmp.activePatient();
        purge(dmp, purged);
        String unknown = Identities.ins();
        String rpps = Identities.rpps();
        String physician = dmp.physician(rpps);

        Map<String, Function<String, HttpResponse<Buffer>>> operations = new LinkedHashMap<>();
        operations.put("list", ins -> dmp.list(physician, ins));
        operations.put("deposit", ins -> dmp.deposit(physician, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x")));
        operations.put("directives", ins -> dmp.get("/api/v1/patients/" + ins + "/directives", physician));
        operations.put("care history", ins -> dmp.get("/api/v1/patients/" + ins + "/care-history", physician));
        operations.put("break-glass", ins -> dmp.breakGlass(physician, ins, "Patient unconscious in the emergency room"));
        operations.put("care context (presence)", ins -> dmp.openCareContext(physician, ins,
                Dmp.presenceProof(dmp.presence(ins, rpps))));
        operations.put("care context (care code)", ins -> dmp.openCareContext(physician, ins,
                Dmp.careCodeProof("123456")));
        for (Map.Entry<String, Function<String, HttpResponse<Buffer>>> op : operations.entrySet()) {
            List<String> answers = new ArrayList<>();
            for (String ins : List.of(unknown, invited.ins(), purged)) {
                HttpResponse<Buffer> r = op.getValue().apply(ins);
                assertThat(r.bodyAsString()).doesNotContain(ins);
                answers.add(r.statusCode() + " " + r.getHeader("Content-Type") + " " + withoutRequestId(r));
            }
            assertThat(answers).as(op.getKey()).containsOnly(answers.get(0));
            assertThat(answers.get(0)).as(op.getKey())
                    .startsWith(op.getKey().endsWith("(care code)") ? "403 " : "404 ");
        }
    }

    // ---- the distinct-patient quota ----

    @Test
    void openingACareContextCountsTowardsTheDistinctPatientQuota(Dmp dmp) {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i <= GuardsExtension.PATIENTS_PER_DAY; i++) {
            patients.add(dmp.activePatient());
        }
        String rpps = Identities.rpps();
        String script = dmp.physician(rpps);
        for (String ins : patients.subList(0, GuardsExtension.PATIENTS_PER_DAY)) {
            opened(dmp.openCareContext(script, ins, Dmp.presenceProof(dmp.presence(ins, rpps))));
        }

        String last = patients.get(GuardsExtension.PATIENTS_PER_DAY);
        Dmp.problem(dmp.openCareContext(script, last, Dmp.presenceProof(dmp.presence(last, rpps))), 429,
                "patient-quota-exceeded");
        // The patients already opened today stay open.
        assertThat(dmp.list(script, patients.get(0)).statusCode()).isEqualTo(200);
    }

    // ---- helpers ----

    private static JsonObject opened(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.fieldNames()).containsExactlyInAnyOrder("id", "expiresAt", "via");
        return body;
    }

    private static long expiresIn(JsonObject context, Instant from) {
        return ChronoUnit.SECONDS.between(from, Instant.parse(context.getString("expiresAt")));
    }

    /** The consent rule of a 403 consent-denied answer. */
    private static String rule(HttpResponse<Buffer> r) {
        return Dmp.problem(r, 403, "consent-denied").getString("rule");
    }

    private static String withoutRequestId(HttpResponse<Buffer> r) {
        return r.bodyAsString().replaceAll("\"requestId\":\"[^\"]*\"", "");
    }

    private static List<String> myDocuments(Dmp dmp, String patientToken) {
        HttpResponse<Buffer> r = dmp.get("/api/v1/me/documents", patientToken);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("documents").stream()
                .map(d -> ((JsonObject) d).getString("id")).toList();
    }

    /** Erases the record as the scheduled purge does (R1111-36), without waiting for its archive period. */
    static void purge(Dmp dmp, String ins) {
        byte[] hash = new InsHasher(DataKeys.resolve(dmp.platform.config()).insHashKey()).hash(Ins.parse(ins));
        PgConnection db = await(PgConnection.connect(dmp.vertx, PgConnectOptions.fromUri(dmp.pgUri())));
        try {
            await(db.begin().compose(tx -> db.preparedQuery("SELECT id FROM record WHERE ins_hash = $1 FOR UPDATE")
                    .execute(Tuple.of(Buffer.buffer(hash)))
                    .compose(rows -> RecordErasure.purge(db, rows.iterator().next().getUUID(0), Instant.now()))
                    .compose(v -> tx.commit())));
        } finally {
            await(db.close());
        }
    }
}
