package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole platform as `./dmp run` composes it: the patient space and the patient API mounted beside the professional
 * API, one-time codes going through the notifications outbox and dispatcher to the embedded SMSC, read back from the
 * dev inbox. What the patient decides through /api/v1/me is what the professional API enforces.
 */
@ExtendWith(PlatformExtension.class)
class PatientSpaceIT {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String BIRTH_DATE = "1985-05-14";
    private static final String DENTIST = "40";

    @Test
    void patientLogsInWithACodeReceivedBySmsThroughTheGateway(Dmp dmp) {
        Patient p = Patient.registered(dmp);

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
        Patient p = Patient.registered(dmp);
        String author = dmp.physician(Identities.rpps());
        String other = dmp.physician(Identities.rpps());
        String id = dmp.deposited(author, p.ins, Dmp.CONSULTATION_NOTE, "Consultation");
        assertThat(ids(dmp.list(other, p.ins))).contains(id);
        String token = p.login(dmp);

        HttpResponse<Buffer> masked = dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + id + "/mask", token,
                new JsonObject());

        assertThat(masked.statusCode()).as(masked.bodyAsString()).isEqualTo(204);
        assertThat(ids(dmp.list(other, p.ins))).doesNotContain(id);
        assertThat(ids(dmp.list(author, p.ins))).contains(id);
        Dmp.problem(dmp.get("/api/v1/documents/" + id, other), 403, "consent-denied");

        HttpResponse<Buffer> unmasked = dmp.send(HttpMethod.DELETE, "/api/v1/me/documents/" + id + "/mask", token,
                new JsonObject());
        assertThat(unmasked.statusCode()).isEqualTo(204);
        assertThat(ids(dmp.list(other, p.ins))).contains(id);
    }

    @Test
    void choicesMadeThroughThePatientApiDecideTheVeryNextProfessionalRequest(Dmp dmp) {
        Patient p = Patient.registered(dmp);
        String blockedRpps = Identities.rpps();
        String doctorRpps = Identities.rpps();
        String blocked = dmp.physician(blockedRpps);
        String doctor = dmp.physician(doctorRpps);
        String other = dmp.physician(Identities.rpps());
        String author = dmp.physician(Identities.rpps());
        String id = dmp.deposited(author, p.ins, Dmp.CONSULTATION_NOTE, "Consultation");
        String token = p.login(dmp);

        // Blocked: refused everything, even in an emergency.
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/blocked/" + blockedRpps, token, new JsonObject())
                .statusCode()).isEqualTo(204);
        assertThat(rule(dmp.list(blocked, p.ins))).isEqualTo("blocked-professional");
        assertThat(rule(dmp.breakGlass(blocked, p.ins, "Patient unconscious in the emergency room")))
                .isEqualTo("blocked-professional");

        // Treating doctor: still sees a masked document that another physician no longer sees.
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/treating-doctor", token,
                new JsonObject().put("rpps", doctorRpps)).statusCode()).isEqualTo(204);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + id + "/mask", token, new JsonObject())
                .statusCode()).isEqualTo(204);
        assertThat(ids(dmp.list(doctor, p.ins))).contains(id);
        assertThat(ids(dmp.list(other, p.ins))).doesNotContain(id);

        // Emergency access: lifts masking until the patient opposes it, then refused.
        assertThat(ids(dmp.breakGlass(other, p.ins, "Patient unconscious in the emergency room"))).contains(id);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/emergency-access", token,
                new JsonObject().put("opposed", true)).statusCode()).isEqualTo(204);
        assertThat(rule(dmp.breakGlass(other, p.ins, "Patient unconscious in the emergency room")))
                .isEqualTo("break-glass-opposed");
    }

    private static String rule(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
        return r.bodyAsJsonObject().getString("rule");
    }

    @Test
    void physicianReadsSignedDirectivesOnlyOnceSignedAndADentistIsRefused(Dmp dmp) {
        Patient p = Patient.registered(dmp);
        String physician = dmp.physician(Identities.rpps());
        String path = "/api/v1/patients/" + p.ins + "/directives";
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

        String dentist = dmp.professional(Identities.rpps(), DENTIST, "dmp:read");
        JsonObject denied = Dmp.problem(dmp.get(path, dentist), 403, "consent-denied");
        assertThat(denied.getString("rule")).isNotBlank();
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
    void oneContractDescribesBothTheProfessionalAndThePatientApi(Dmp dmp) {
        HttpResponse<Buffer> r = dmp.get("/openapi.yaml", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString())
                .contains("/api/v1/me/login:")
                .contains("/api/v1/me/login/verify:")
                .contains("/api/v1/patients/{ins}/documents:")
                .contains("/api/v1/patients/{ins}/directives:");
    }

    private static JsonArray documents(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("documents");
    }

    private static java.util.List<String> ids(HttpResponse<Buffer> r) {
        return documents(r).stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    /** A registered person with a phone number of their own, so that the dev inbox tells their codes apart. */
    private record Patient(String ins, String phone) {

        static Patient registered(Dmp dmp) {
            // 061x: always a valid mobile for libphonenumber (a random 06 number may be 0639x or 069x, which are not).
            String phone = "+3361" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
            String ins = Identities.ins();
            JsonObject person = Dmp.person("ACTIVE").put("phone", phone).put("birthDate", BIRTH_DATE);
            HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + ins, dmp.admin(), person);
            assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
            return new Patient(ins, phone);
        }

        /** Asks for a code, reads it from the dev inbox, exchanges it for a bearer token. */
        String login(Dmp dmp) {
            int before = messages(dmp).size();
            JsonObject identity = new JsonObject().put("ins", ins).put("birthDate", BIRTH_DATE);
            HttpResponse<Buffer> asked = dmp.send(HttpMethod.POST, "/api/v1/me/login", null, identity);
            assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
            HttpResponse<Buffer> verified = dmp.send(HttpMethod.POST, "/api/v1/me/login/verify", null,
                    identity.copy().put("code", nextCode(dmp, before)));
            assertThat(verified.statusCode()).as(verified.bodyAsString()).isEqualTo(200);
            String token = verified.bodyAsJsonObject().getString("token");
            assertThat(token).isNotBlank();
            return token;
        }

        /** The code in the first message after the {@code before} first ones, waiting for the dispatcher. */
        String nextCode(Dmp dmp, int before) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline) {
                JsonArray messages = messages(dmp);
                if (messages.size() > before) {
                    Matcher m = CODE.matcher(messages.getJsonObject(before).getString("body"));
                    assertThat(m.find()).as("a 6-digit code in the SMS").isTrue();
                    return m.group(1);
                }
                await(dmp.vertx.timer(100));
            }
            throw new AssertionError("no message reached the dev inbox within 15 s");
        }

        JsonArray messages(Dmp dmp) {
            int port = dmp.platform.inboxPort().orElseThrow();
            HttpRequest<Buffer> get = dmp.client.get(port, "127.0.0.1", "/api/messages").addQueryParam("to", phone);
            HttpResponse<Buffer> r = await(get.send());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.bodyAsJsonArray();
        }
    }
}
