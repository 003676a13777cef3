package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consent rules as a professional's software meets them through the API: allowed, or 403 naming the rule with
 * its reasons. Rules driven by the patient's own choices (blocking a professional, masking a document, naming the
 * treating doctor, opposing emergency access, express consent of an occupational physician, opposition) need the
 * patient's API, which the store does not expose to the gateway yet: they are covered by the consent engine's and the
 * store's own tests; here we test every rule reachable with professional tokens alone. Professionals who read or
 * deposit outside an emergency first open a care context with the patient's card (presence), as their software does
 * ({@link CareContextsIT} tests care relationships themselves).
 */
@ExtendWith(PlatformExtension.class)
class ConsentRulesIT {
    private static final String PRESCRIPTION = "57833-6";
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    private static JsonObject denied(HttpResponse<Buffer> r, String rule) {
        JsonObject body = problem(r, 403, "consent-denied");
        assertThat(body.getString("rule")).isEqualTo(rule);
        assertThat(body.getString("reasonFr")).isNotBlank();
        assertThat(body.getString("reasonEn")).isNotBlank();
        return body;
    }

    private static List<String> ids(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("documents").stream()
                .map(d -> ((JsonObject) d).getString("id")).toList();
    }

    /** A physician in care with the patient. */
    private static String physicianInCare(String ins) {
        return dmp.inCare(dmp.physician(Identities.rpps()), ins);
    }

    @Test
    void aMemberOfTheCareTeamReadsTheRecord() {
        String ins = dmp.activePatient();
        String id = dmp.deposited(physicianInCare(ins), ins, Dmp.CONSULTATION_NOTE, "note");
        String nurse = dmp.inCare(dmp.professional(Identities.rpps(), "60", "dmp:read"), ins);
        assertThat(ids(dmp.list(nurse, ins))).containsExactly(id);
        assertThat(dmp.get("/api/v1/documents/" + id, nurse).statusCode()).isEqualTo(200);
    }

    @Test
    void insurersAreAlwaysDeniedEvenInAnEmergency() {
        String ins = dmp.activePatient();
        String id = dmp.deposited(physicianInCare(ins), ins, Dmp.CONSULTATION_NOTE, "note");
        String insurer = dmp.professional(Identities.rpps(), "10", "insurer", "dmp:read dmp:write");
        denied(dmp.list(insurer, ins), "forbidden-category");
        denied(dmp.get("/api/v1/documents/" + id, insurer), "forbidden-category");
        denied(dmp.breakGlass(insurer, ins, "the patient is unconscious"), "forbidden-category");
        denied(dmp.deposit(insurer, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "x", "x")), "forbidden-category");
    }

    @Test
    void mutualFundsAreAlwaysDenied() {
        String ins = dmp.activePatient();
        denied(dmp.list(dmp.professional(Identities.rpps(), "10", "mutual", "dmp:read"), ins), "forbidden-category");
    }

    @Test
    void anOccupationalPhysicianWithoutExpressConsentIsDenied() {
        String ins = dmp.activePatient();
        String occupational = dmp.professional(Identities.rpps(), "10", "occupational-health", "dmp:read");
        denied(dmp.list(occupational, ins), "occupational-health-without-consent");
        denied(dmp.breakGlass(occupational, ins, "collapsed at the workplace"), "occupational-health-without-consent");
    }

    @Test
    void theInsurersFeedMayDepositButReadsNothing() {
        String ins = dmp.activePatient();
        String feed = dmp.professional(Identities.rpps(), "10", "insurer-feed", "dmp:read dmp:write");
        denied(dmp.list(feed, ins), "deposit-only-category");
    }

    @Test
    void aRecordNotYetOpenIsClosedToProfessionals() {
        String ins = dmp.register(Identities.ins(), "INVITED");
        String physician = dmp.physician(Identities.rpps());
        denied(dmp.list(physician, ins), "record-not-active");
        denied(dmp.deposit(physician, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "x", "x")), "record-not-active");
        denied(dmp.breakGlass(physician, ins, "the patient is unconscious"), "record-not-active");
    }

    @Test
    void theProfessionMatrixHidesClassesAProfessionMayNotRead() {
        String ins = dmp.activePatient();
        String physician = physicianInCare(ins);
        String note = dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "consultation");
        String prescription = dmp.deposited(physician, ins, PRESCRIPTION, "ordonnance");
        String pharmacist = dmp.inCare(dmp.professional(Identities.rpps(), "21", "dmp:read"), ins);

        assertThat(ids(dmp.list(pharmacist, ins))).containsExactly(prescription);
        denied(dmp.get("/api/v1/documents/" + note, pharmacist), "profession-matrix");
        assertThat(dmp.get("/api/v1/documents/" + prescription, pharmacist).statusCode()).isEqualTo(200);
    }

    @Test
    void anEmergencyDoesNotWidenAProfessionsScope() {
        String ins = dmp.activePatient();
        String physician = physicianInCare(ins);
        String note = dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "consultation");
        String prescription = dmp.deposited(physician, ins, PRESCRIPTION, "ordonnance");
        String pharmacist = dmp.professional(Identities.rpps(), "21", "dmp:read");
        assertThat(ids(dmp.breakGlass(pharmacist, ins, "anaphylaxis at the pharmacy counter")))
                .contains(prescription).doesNotContain(note);
    }

    @Test
    void theDepositMatrixRefusesClassesAProfessionMayNotAdd() {
        String ins = dmp.activePatient();
        String rpps = Identities.rpps();
        String pharmacist = dmp.professional(rpps, "21", "dmp:write");
        // Opening a context takes dmp:read: the same pharmacist's software opens it with its reading token.
        dmp.inCare(dmp.professional(rpps, "21", "dmp:read"), ins);
        denied(dmp.deposit(pharmacist, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "x", "x")), "deposit-matrix");
        assertThat(dmp.deposit(pharmacist, ins, Dmp.document(PRESCRIPTION, "ordonnance", "x")).statusCode())
                .isEqualTo(201);
    }

    @Test
    void nobodyDepositsAdvanceDirectivesForThePatient() {
        String ins = dmp.activePatient();
        denied(dmp.deposit(physicianInCare(ins), ins, Dmp.document("42348-3", "directives", "x")),
                "deposit-matrix");
    }

    @Test
    void anyProfessionalMayBreakTheGlassWithAReason() {
        String ins = dmp.activePatient();
        String id = dmp.deposited(physicianInCare(ins), ins, Dmp.CONSULTATION_NOTE, "note");
        String stranger = dmp.physician(Identities.rpps());
        assertThat(ids(dmp.breakGlass(stranger, ins, "patient unconscious after a road accident"))).contains(id);
    }

    @Test
    void theSamuRegulatingDoctorReadsUnderEmergencyAccess() {
        String ins = dmp.activePatient();
        String id = dmp.deposited(physicianInCare(ins), ins, Dmp.CONSULTATION_NOTE, "note");
        String samu = dmp.professional(Identities.rpps(), "10", "samu-regulation", "dmp:read");
        // Every read of the regulating doctor is emergency access, which needs a stated reason.
        denied(dmp.list(samu, ins), "break-glass-reason-required");
        assertThat(ids(dmp.breakGlass(samu, ins, "call to Centre 15, chest pain"))).contains(id);
        // Then, while that emergency access runs, the access door lets them in under its stated reason.
        assertThat(ids(dmp.list(samu, ins))).contains(id);
    }
}
