package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Break-glass as issue 6 asks: a bounded reason, an access that ends ({@value GuardsExtension#BREAK_GLASS_TTL} on the
 * guards platform), refused where the patient opposed, the patient told through the outbox (SMS read back at the
 * embedded SMSC), and a review queue for the treating doctor and the data protection officer.
 */
@ExtendWith(GuardsExtension.class)
class BreakGlassIT {
    private static final String REASON = "unconscious patient brought in by SAMU, checking allergies";

    @Test
    void reasonIsRequiredAndBounded(Dmp dmp) {
        String ins = dmp.activePatient();
        String doctor = dmp.physician(Identities.rpps());

        Dmp.problem(dmp.breakGlass(doctor, ins, ""), 400, "invalid-field");
        Dmp.problem(dmp.breakGlass(doctor, ins, "   short   "), 400, "invalid-field");
        assertThat(dmp.breakGlass(doctor, ins, "x".repeat(2001)).statusCode()).isEqualTo(400);
        HttpResponse<Buffer> none = dmp.send(HttpMethod.POST, "/api/v1/patients/" + ins + "/break-glass", doctor,
                new JsonObject());
        assertThat(none.statusCode()).isEqualTo(400);
    }

    @Test
    void breakGlassOpensMaskedDocumentsUntilTheAccessExpires(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String author = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String emergency = dmp.physician(Identities.rpps());
        String id = dmp.deposited(author, p.ins(), Dmp.CONSULTATION_NOTE, "Consultation");
        String patient = p.login(dmp);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + id + "/mask", patient, new JsonObject())
                .statusCode()).isEqualTo(204);
        Dmp.problem(dmp.get("/api/v1/documents/" + id, emergency), 403, "consent-denied");

        Instant before = Instant.now();
        HttpResponse<Buffer> opened = dmp.breakGlass(emergency, p.ins(), REASON);

        assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(200);
        JsonObject access = opened.bodyAsJsonObject().getJsonObject("breakGlass");
        Instant expires = Instant.parse(access.getString("expiresAt"));
        assertThat(Duration.between(before, expires)).isLessThanOrEqualTo(Duration.ofHours(24))
                .isLessThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(ids(opened)).contains(id);
        assertThat(dmp.get("/api/v1/documents/" + id, emergency).statusCode()).isEqualTo(200);
        // Only this professional's access: another one, in care with the patient, still sees the mask.
        JsonObject masked = Dmp.problem(dmp.get("/api/v1/documents/" + id,
                dmp.inCare(dmp.physician(Identities.rpps()), p.ins())), 403, "consent-denied");
        assertThat(masked.getString("rule")).isEqualTo("masked-document");

        while (Instant.now().isBefore(expires.plusMillis(300))) {
            await(dmp.vertx.timer(200));
        }
        Dmp.problem(dmp.get("/api/v1/documents/" + id, emergency), 403, "consent-denied");
    }

    @Test
    void refusedWhereThePatientOpposedEmergencyAccessAndNothingIsQueued(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String patient = p.login(dmp);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/emergency-access", patient,
                new JsonObject().put("opposed", true)).statusCode()).isEqualTo(204);
        String rpps = Identities.rpps();

        JsonObject denied = Dmp.problem(dmp.breakGlass(dmp.physician(rpps), p.ins(), REASON), 403, "consent-denied");

        assertThat(denied.getString("rule")).isEqualTo("break-glass-opposed");
        assertThat(reviews(dmp, dpo(dmp), "/api/v1/admin/break-glass-reviews?status=all").stream()
                .filter(r -> r.getString("rpps").equals(rpps))).isEmpty();
    }

    @Test
    void patientIsNotifiedThroughTheOutboxWithinFiveMinutes(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        int before = p.messages(dmp).size();
        long started = System.nanoTime();

        assertThat(dmp.breakGlass(dmp.physician(Identities.rpps()), p.ins(), REASON).statusCode()).isEqualTo(200);

        JsonObject notice = null;
        while (notice == null && System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
            JsonArray messages = p.messages(dmp);
            for (int i = before; i < messages.size() && notice == null; i++) {
                // Skips a chosen access alert, should one arrive in between (sent by the alert feed).
                if (messages.getJsonObject(i).getString("body").toLowerCase().contains("urgence")) {
                    notice = messages.getJsonObject(i);
                }
            }
            if (notice == null) {
                await(dmp.vertx.timer(100));
            }
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        assertThat(notice).as("the emergency-access notice reached the SMSC").isNotNull();
        assertThat(notice.getString("body")).containsIgnoringCase("urgence");
        assertThat(notice.getString("body")).doesNotContain(REASON);
        assertThat(latency).isLessThan(Duration.ofMinutes(5));
        System.out.println("break-glass notice at the SMSC after " + latency.toMillis() + " ms");
    }

    @Test
    void everyUseEntersTheReviewQueueOfTheTreatingDoctorAndTheDataProtectionOfficer(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String doctorRpps = Identities.rpps();
        String doctor = dmp.physician(doctorRpps);
        dmp.registerProfessional(doctorRpps, "10"); // only a physician of the directory can be chosen
        String patient = p.login(dmp);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/treating-doctor", patient,
                new JsonObject().put("rpps", doctorRpps)).statusCode()).isEqualTo(204);
        String emergencyRpps = Identities.rpps();

        String grant = dmp.breakGlass(dmp.physician(emergencyRpps), p.ins(), REASON).bodyAsJsonObject()
                .getJsonObject("breakGlass").getString("id");

        JsonObject item = only(reviews(dmp, dpo(dmp), "/api/v1/admin/break-glass-reviews"), grant);
        assertThat(item.getString("rpps")).isEqualTo(emergencyRpps);
        assertThat(item.getString("reason")).isEqualTo(REASON);
        assertThat(item.getString("treatingDoctor")).isEqualTo(doctorRpps);
        assertThat(item.getString("notification")).isNotNull();
        assertThat(item.getValue("reviewedAt")).isNull();
        assertThat(only(reviews(dmp, doctor, "/api/v1/break-glass-reviews"), grant)).isNotNull();
        assertThat(only(reviews(dmp, dmp.admin(), "/api/v1/admin/break-glass-reviews"), grant)).isNotNull();

        // Another doctor sees nothing of it and cannot mark it; a professional cannot read the officer's queue.
        String other = dmp.physician(Identities.rpps());
        assertThat(reviews(dmp, other, "/api/v1/break-glass-reviews").stream()
                .filter(r -> r.getString("id").equals(grant))).isEmpty();
        Dmp.problem(dmp.send(HttpMethod.POST, "/api/v1/break-glass-reviews/" + grant + "/reviewed", other,
                new JsonObject()), 404, "not-found");
        Dmp.problem(dmp.get("/api/v1/admin/break-glass-reviews", doctor), 403, "insufficient-scope");

        HttpResponse<Buffer> marked = dmp.send(HttpMethod.POST, "/api/v1/break-glass-reviews/" + grant + "/reviewed",
                doctor, new JsonObject());
        assertThat(marked.statusCode()).as(marked.bodyAsString()).isEqualTo(200);
        assertThat(marked.bodyAsJsonObject().getString("reviewedBy")).isEqualTo("rpps:" + doctorRpps);
        assertThat(reviews(dmp, dpo(dmp), "/api/v1/admin/break-glass-reviews").stream()
                .filter(r -> r.getString("id").equals(grant))).as("no longer pending").isEmpty();
        assertThat(only(reviews(dmp, dpo(dmp), "/api/v1/admin/break-glass-reviews?status=all"), grant)
                .getString("reviewedAt")).isNotNull();
    }

    private static String dpo(Dmp dmp) {
        return dmp.token(Map.of("scope", "dmp:dpo"), List.of(Dmp.AUDIENCE), 600);
    }

    private static List<JsonObject> reviews(Dmp dmp, String token, String path) {
        HttpResponse<Buffer> r = dmp.get(path, token);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        return r.bodyAsJsonObject().getJsonArray("reviews").stream().map(JsonObject.class::cast).toList();
    }

    private static JsonObject only(List<JsonObject> items, String id) {
        List<JsonObject> found = items.stream().filter(r -> r.getString("id").equals(id)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<String> ids(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonArray("documents").stream()
                .map(d -> ((JsonObject) d).getString("id")).toList();
    }
}
