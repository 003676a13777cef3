package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole platform as `./dmp run` composes it: the patient space and the patient API mounted beside the professional
 * API, one-time codes going through the notifications outbox and dispatcher to the embedded SMSC, read back from the
 * dev inbox. What the patient decides through /api/v1/me is what the professional API enforces.
 */
@ExtendWith(PlatformExtension.class)
class PatientSpaceIT {
    private static final String DENTIST = "40";

    @Test
    void patientLogsInWithACodeReceivedBySmsThroughTheGateway(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);

        String token = p.login(dmp);

        HttpResponse<Buffer> me = dmp.get("/api/v1/me", token);
        assertThat(me.statusCode()).as(me.bodyAsString()).isEqualTo(200);
        assertThat(me.bodyAsJsonObject().getString("state")).isEqualTo("ACTIVE");
        assertThat(me.bodyAsJsonObject().getString("givenName")).isEqualTo("Camille");
    }

    @Test
    void patientApiWithoutATokenIsUnauthenticatedAndUnknownPathsAreNotFound(Dmp dmp) {
        HttpResponse<Buffer> anonymous = dmp.get("/api/v1/me", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.getHeader("Content-Type")).startsWith("application/problem+json");
        Dmp.problem(dmp.get("/api/v1/me/nothing-here", null), 404, "not-found");
    }

    @Test
    void documentMaskedByThePatientDisappearsForANonTreatingPhysicianButNotForItsAuthor(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String author = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String other = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String id = dmp.deposited(author, p.ins(), Dmp.CONSULTATION_NOTE, "Consultation");
        assertThat(ids(dmp.list(other, p.ins()))).contains(id);
        String token = p.login(dmp);

        HttpResponse<Buffer> masked = dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + id + "/mask", token,
                new JsonObject());

        assertThat(masked.statusCode()).as(masked.bodyAsString()).isEqualTo(204);
        assertThat(ids(dmp.list(other, p.ins()))).doesNotContain(id);
        assertThat(ids(dmp.list(author, p.ins()))).contains(id);
        Dmp.problem(dmp.get("/api/v1/documents/" + id, other), 403, "consent-denied");

        HttpResponse<Buffer> unmasked = dmp.send(HttpMethod.DELETE, "/api/v1/me/documents/" + id + "/mask", token,
                new JsonObject());
        assertThat(unmasked.statusCode()).isEqualTo(204);
        assertThat(ids(dmp.list(other, p.ins()))).contains(id);
    }

    @Test
    void choicesMadeThroughThePatientApiDecideTheVeryNextProfessionalRequest(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String blockedRpps = Identities.rpps();
        String doctorRpps = Identities.rpps();
        String blocked = dmp.physician(blockedRpps);
        String doctor = dmp.physician(doctorRpps);
        dmp.registerProfessional(doctorRpps, "10"); // only a physician of the directory can be chosen
        String other = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String author = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String id = dmp.deposited(author, p.ins(), Dmp.CONSULTATION_NOTE, "Consultation");
        String token = p.login(dmp);

        // Blocked: refused everything, even in an emergency.
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/blocked/" + blockedRpps, token, new JsonObject())
                .statusCode()).isEqualTo(204);
        assertThat(rule(dmp.list(blocked, p.ins()))).isEqualTo("blocked-professional");
        assertThat(rule(dmp.breakGlass(blocked, p.ins(), "Patient unconscious in the emergency room")))
                .isEqualTo("blocked-professional");

        // Treating doctor (no care context needed): still sees a masked document that another physician in care no
        // longer sees.
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/treating-doctor", token,
                new JsonObject().put("rpps", doctorRpps)).statusCode()).isEqualTo(204);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + id + "/mask", token, new JsonObject())
                .statusCode()).isEqualTo(204);
        assertThat(ids(dmp.list(doctor, p.ins()))).contains(id);
        assertThat(ids(dmp.list(other, p.ins()))).doesNotContain(id);

        // Emergency access: lifts masking until the patient opposes it, then refused.
        assertThat(ids(dmp.breakGlass(other, p.ins(), "Patient unconscious in the emergency room"))).contains(id);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/emergency-access", token,
                new JsonObject().put("opposed", true)).statusCode()).isEqualTo(204);
        assertThat(rule(dmp.breakGlass(other, p.ins(), "Patient unconscious in the emergency room")))
                .isEqualTo("break-glass-opposed");
    }

    private static String rule(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
        return r.bodyAsJsonObject().getString("rule");
    }

    @Test
    void physicianReadsSignedDirectivesOnlyOnceSignedAndADentistIsRefused(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String path = "/api/v1/patients/" + p.ins() + "/directives";
        Dmp.problem(dmp.get(path, physician), 404, "not-found");
        String token = p.login(dmp);

        HttpResponse<Buffer> draft = dmp.send(HttpMethod.PUT, "/api/v1/me/directives", token, new JsonObject()
                .put("model", "B_GOOD_HEALTH")
                .put("treatments", new JsonObject().put("RESUSCITATION", "REFUSE"))
                .put("freeText", "Pas d'acharnement."));
        assertThat(draft.statusCode()).as(draft.bodyAsString()).isEqualTo(200);
        Dmp.problem(dmp.get(path, physician), 404, "not-found");
        int before = p.messages(dmp).size();
        HttpResponse<Buffer> asked = dmp.send(HttpMethod.POST, "/api/v1/me/directives/signature/code", token,
                new JsonObject());
        assertThat(asked.statusCode()).as(asked.bodyAsString()).isBetween(200, 204);
        HttpResponse<Buffer> signed = dmp.send(HttpMethod.POST, "/api/v1/me/directives/signature", token,
                new JsonObject().put("code", p.nextCode(dmp, before)));
        assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(200);

        HttpResponse<Buffer> read = dmp.get(path, physician);
        assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
        JsonObject directive = read.bodyAsJsonObject();
        assertThat(directive.getString("status")).isEqualTo("SIGNED");
        assertThat(directive.getJsonObject("content").getString("model")).isEqualTo("B_GOOD_HEALTH");
        assertThat(directive.getJsonObject("content").getString("freeText")).isEqualTo("Pas d'acharnement.");

        // A dentist in care with the patient is refused by the profession matrix (arrêté of 26 October 2023).
        String dentist = dmp.inCare(dmp.professional(Identities.rpps(), DENTIST, "dmp:read"), p.ins());
        JsonObject denied = Dmp.problem(dmp.get(path, dentist), 403, "consent-denied");
        assertThat(denied.getString("rule")).isNotBlank().isNotEqualTo("care-relationship-required");
        assertThat(denied.encode()).doesNotContain("acharnement");
    }

    @Test
    void homePageIsThePatientSpaceUnderItsContentSecurityPolicy(Dmp dmp) {
        HttpResponse<Buffer> home = dmp.get("/", null);

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.getHeader("Content-Type")).startsWith("text/html");
        assertThat(home.getHeader("Content-Security-Policy")).contains("default-src 'self'")
                .contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(home.bodyAsString()).contains("<html").contains("Mon espace santé");
    }

    @Test
    void eachApiPublishesItsOwnContract(Dmp dmp) {
        HttpResponse<Buffer> professional = dmp.get("/openapi.yaml", null);
        HttpResponse<Buffer> patient = dmp.get("/openapi-me.yaml", null);

        assertThat(professional.statusCode()).isEqualTo(200);
        assertThat(professional.bodyAsString())
                .contains("/api/v1/patients/{ins}/documents:")
                .contains("/api/v1/patients/{ins}/directives:")
                .doesNotContain("/api/v1/me/login:");
        assertThat(patient.statusCode()).isEqualTo(200);
        assertThat(patient.getHeader("Content-Type")).isEqualTo("application/yaml");
        assertThat(patient.bodyAsString())
                .contains("/api/v1/me/login:")
                .contains("/api/v1/me/login/verify:")
                .doesNotContain("/api/v1/patients/{ins}/documents:");
    }

    @Test
    void medicalProfileSavedByThePatientIsReadByAPhysicianAndMaskingAndBlockingStillApply(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String blockedRpps = Identities.rpps();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String pharmacist = dmp.inCare(dmp.professional(Identities.rpps(), "21", "dmp:read"), p.ins());
        String blocked = dmp.physician(blockedRpps);
        String token = p.login(dmp);
        JsonObject profile = new JsonObject().put("bloodGroup", "AB+").put("allergies", "Pénicilline")
                .put("emergencyContacts", new JsonArray().add(new JsonObject().put("name", "Jean Martin")
                        .put("phone", "+33612345678")));

        HttpResponse<Buffer> saved = dmp.send(HttpMethod.PUT, "/api/v1/me/medical-profile", token, profile);

        assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(204);
        JsonObject listed = documents(dmp.list(physician, p.ins())).stream().map(o -> (JsonObject) o)
                .filter(d -> "51855-5".equals(d.getString("classCode"))).findFirst().orElseThrow();
        assertThat(listed.getValue("author")).as("written by the patient, no RPPS").isNull();
        HttpResponse<Buffer> read = dmp.get("/api/v1/documents/" + listed.getString("id"), physician);
        assertThat(read.statusCode()).isEqualTo(200);
        // Served as an attachment (never active content of the API's origin); the stored type travels beside it.
        assertThat(read.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(read.getHeader("X-Content-Type-Original")).startsWith("application/json");
        assertThat(read.bodyAsJsonObject().getString("bloodGroup")).isEqualTo("AB+");
        assertThat(read.bodyAsJsonObject().getString("allergies")).isEqualTo("Pénicilline");
        assertThat(ids(dmp.list(pharmacist, p.ins()))).contains(listed.getString("id"));

        // A new version replaces the previous one.
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/medical-profile", token, profile.copy()
                .put("allergies", "Pénicilline, arachide")).statusCode()).isEqualTo(204);
        java.util.List<JsonObject> versions = documents(dmp.list(physician, p.ins())).stream()
                .map(o -> (JsonObject) o).filter(d -> "51855-5".equals(d.getString("classCode"))).toList();
        assertThat(versions).hasSize(1);
        String id = versions.get(0).getString("id");
        assertThat(dmp.get("/api/v1/me/medical-profile", token).bodyAsJsonObject().getString("allergies"))
                .isEqualTo("Pénicilline, arachide");

        // Masked: gone for a care-team physician. Blocked: refused everything.
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + id + "/mask", token, new JsonObject())
                .statusCode()).isEqualTo(204);
        assertThat(ids(dmp.list(physician, p.ins()))).doesNotContain(id);
        Dmp.problem(dmp.get("/api/v1/documents/" + id, physician), 403, "consent-denied");
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/blocked/" + blockedRpps, token, new JsonObject())
                .statusCode()).isEqualTo(204);
        assertThat(rule(dmp.list(blocked, p.ins()))).isEqualTo("blocked-professional");

        // Invalid input names its field and changes nothing.
        HttpResponse<Buffer> invalid = dmp.send(HttpMethod.PUT, "/api/v1/me/medical-profile", token,
                profile.copy().put("bloodGroup", "C+"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.bodyAsJsonObject().getString("field")).isEqualTo("bloodGroup");
    }

    @Test
    void unknownPageIsAnAccessibleHtml404ForBrowsersAndAProblemForApiClients(Dmp dmp) {
        HttpResponse<Buffer> page = await(dmp.client.get("/nulle-part").putHeader("Accept",
                "text/html,application/xhtml+xml").send());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(page.bodyAsString()).contains("<html lang=\"fr\"", "<h1", "Page ou document introuvable");

        HttpResponse<Buffer> english = await(dmp.client.get("/nulle-part?lang=en").putHeader("Accept", "text/html")
                .send());
        assertThat(english.statusCode()).isEqualTo(404);
        assertThat(english.bodyAsString()).contains("<html lang=\"en\"", "Page or document not found");

        HttpResponse<Buffer> json = await(dmp.client.get("/nulle-part").putHeader("Accept", "application/json")
                .send());
        assertThat(json.statusCode()).isEqualTo(404);
        assertThat(json.getHeader("Content-Type")).startsWith("application/problem+json");
        HttpResponse<Buffer> api = await(dmp.client.get("/api/v1/me/nothing-here").putHeader("Accept", "text/html")
                .send());
        assertThat(api.getHeader("Content-Type")).startsWith("application/problem+json");
    }

    private static JsonArray documents(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("documents");
    }

    private static java.util.List<String> ids(HttpResponse<Buffer> r) {
        return documents(r).stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }
}
