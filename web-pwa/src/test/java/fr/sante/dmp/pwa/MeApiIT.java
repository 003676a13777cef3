package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.LocalDate;
import java.util.UUID;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class MeApiIT {

    static TestApp app;
    String ins;
    String other;
    LocalDate birth;
    TestApp.Person camille;
    TestApp.Person otherPerson;
    WebClient client;
    UUID note;
    UUID othersNote;

    @BeforeAll
    static void startAll(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stopAll() throws Exception {
        app.close();
    }

    @BeforeEach
    void start() {
        app.restart(TestApp.config());
        client = WebClient.create(app.vertx);
        camille = app.register("Camille", RecordState.ACTIVE);
        otherPerson = app.register("Paul", RecordState.ACTIVE);
        ins = camille.ins().value();
        other = otherPerson.ins().value();
        birth = camille.birthDate();
        Actor.Professional author = StoreFixture.physician();
        note = app.deposit(author, camille, DocumentClass.CONSULTATION_NOTE, "Consultation", "texte");
        othersNote = app.deposit(author, otherPerson, DocumentClass.CONSULTATION_NOTE, "Autre", "secret");
    }

    HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) {
        var req = client.requestAbs(method, app.base() + "/api/v1/me" + path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return TestApp.await(body == null ? req.send() : req.sendJsonObject(body));
    }

    String login() {
        JsonObject id = new JsonObject().put("ins", ins).put("birthDate", birth.toString());
        assertThat(call(HttpMethod.POST, "/login", null, id).statusCode()).isEqualTo(202);
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/login/verify", null, id.copy().put("code", app.codes.lastCode()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("expiresAt")).isNotBlank();
        return r.bodyAsJsonObject().getString("token");
    }

    @Test
    void loginAnswers202WhetherOrNotTheIdentityExists() {
        HttpResponse<Buffer> known = call(HttpMethod.POST, "/login", null,
                new JsonObject().put("ins", ins).put("birthDate", birth.toString()));
        HttpResponse<Buffer> unknown = call(HttpMethod.POST, "/login", null,
                new JsonObject().put("ins", StoreFixture.newIns().value()).put("birthDate", birth.toString()));
        assertThat(known.statusCode()).isEqualTo(202);
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(unknown.bodyAsString()).isEqualTo(known.bodyAsString());
        assertThat(app.codes.count()).isEqualTo(1);
    }

    @Test
    void aWrongCodeIs401WithAProblemDocument() {
        JsonObject id = new JsonObject().put("ins", ins).put("birthDate", birth.toString());
        call(HttpMethod.POST, "/login", null, id);
        String wrong = app.codes.lastCode().equals("123456") ? "654321" : "123456";
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/login/verify", null, id.copy().put("code", wrong));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/wrong-code");
    }

    @Test
    void aConflictIsAProblemDocumentWithItsDetailInFrenchAndEnglish() {
        String token = login();
        // Camille's record is open: opposing it now means closing it, a 409 that says so in both languages.
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/opposition", token, new JsonObject());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getString("detailFr")).contains("déjà ouvert");
        assertThat(problem.getString("detailEn")).contains("already open").isEqualTo(problem.getString("detail"));
    }

    @Test
    void withoutABearerTokenNothingIsReadable() {
        assertThat(call(HttpMethod.GET, "", null, null).statusCode()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/documents", "not-a-token-but-long-enough-to-look-up", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void overviewDocumentsAndMasking() {
        String token = login();
        JsonObject me = call(HttpMethod.GET, "", token, null).bodyAsJsonObject();
        assertThat(me.getString("state")).isEqualTo("ACTIVE");
        assertThat(me.getJsonObject("alerts").getBoolean("emergencyAccess")).isTrue();
        JsonObject docs = call(HttpMethod.GET, "/documents", token, null).bodyAsJsonObject();
        assertThat(docs.getJsonArray("documents")).hasSize(1);
        assertThat(call(HttpMethod.PUT, "/documents/" + note + "/mask", token, null).statusCode()).isEqualTo(204);
        assertThat(app.masked(camille, note)).isTrue();
        assertThat(call(HttpMethod.DELETE, "/documents/" + note + "/mask", token, null).statusCode()).isEqualTo(204);
        assertThat(app.masked(camille, note)).isFalse();
        HttpResponse<Buffer> content = call(HttpMethod.GET, "/documents/" + note, token, null);
        assertThat(content.bodyAsString()).isEqualTo("texte");
        assertThat(content.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theCareContextAlertIsAChoiceKeptLikeTheOthers() {
        String token = login();
        assertThat(call(HttpMethod.GET, "", token, null).bodyAsJsonObject().getJsonObject("alerts")
                .getBoolean("careContext")).isFalse();
        JsonObject chosen = new JsonObject().put("everyAccess", false).put("firstAccessByProfessional", true)
                .put("newDocument", false).put("careContext", true).put("channel", "SMS");
        assertThat(call(HttpMethod.PUT, "/alerts", token, chosen).statusCode()).isEqualTo(204);
        assertThat(call(HttpMethod.GET, "", token, null).bodyAsJsonObject().getJsonObject("alerts")
                .getBoolean("careContext")).isTrue();
        // Saving without the field goes back to the default, as for every other choice.
        chosen.remove("careContext");
        assertThat(call(HttpMethod.PUT, "/alerts", token, chosen).statusCode()).isEqualTo(204);
        assertThat(call(HttpMethod.GET, "", token, null).bodyAsJsonObject().getJsonObject("alerts")
                .getBoolean("careContext")).isFalse();
    }

    @Test
    void someoneElsesDocumentIs404AndNothingChanges() {
        String token = login();
        assertThat(call(HttpMethod.GET, "/documents/" + othersNote, token, null).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> mask = call(HttpMethod.PUT, "/documents/" + othersNote + "/mask", token, null);
        assertThat(mask.statusCode()).isEqualTo(404);
        assertThat(mask.bodyAsJsonObject().getString("type")).endsWith("/not-found");
        assertThat(app.masked(otherPerson, othersNote)).isFalse();
        assertThat(call(HttpMethod.GET, "/documents/not-a-uuid", token, null).statusCode()).isEqualTo(404);
    }

    @Test
    void privacyChoices() {
        String token = login();
        assertThat(call(HttpMethod.PUT, "/blocked/10001234565", token, null).statusCode()).isEqualTo(204);
        assertThat(app.overview(camille).blockedRpps()).containsExactly("10001234565");
        HttpResponse<Buffer> bad = call(HttpMethod.PUT, "/blocked/10001234566", token, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("rpps");
        assertThat(call(HttpMethod.DELETE, "/blocked/10001234565", token, null).statusCode()).isEqualTo(204);
        assertThat(app.overview(camille).blockedRpps()).isEmpty();
        // A treating doctor is a physician the directory knows (as from their first verified token).
        app.known(Actor.Professional.of(new fr.sante.dmp.consent.Rpps("10000000017"),
                fr.sante.dmp.consent.Profession.PHYSICIAN));
        assertThat(call(HttpMethod.PUT, "/treating-doctor", token, new JsonObject().put("rpps", "10000000017"))
                .statusCode()).isEqualTo(204);
        assertThat(app.overview(camille).treatingDoctorRpps()).contains("10000000017");
        assertThat(call(HttpMethod.PUT, "/emergency-access", token, new JsonObject().put("opposed", true))
                .statusCode()).isEqualTo(204);
        assertThat(app.overview(camille).emergencyAccessOpposed()).isTrue();
        // Research use: the law's default (reuse unless objected), then the person's objection, kept and audited.
        JsonObject research = call(HttpMethod.GET, "/research-use", token, null).bodyAsJsonObject();
        assertThat(research.getBoolean("objected")).isFalse();
        assertThat(research.getBoolean("chosen")).isFalse();
        assertThat(research.getString("policyDefault")).isEqualTo("reuse-unless-objected");
        assertThat(call(HttpMethod.PUT, "/research-use", token, new JsonObject().put("objected", true))
                .statusCode()).isEqualTo(204);
        research = call(HttpMethod.GET, "/research-use", token, null).bodyAsJsonObject();
        assertThat(research.getBoolean("objected")).isTrue();
        assertThat(research.getBoolean("chosen")).isTrue();
        HttpResponse<Buffer> noChoice = call(HttpMethod.PUT, "/research-use", token, new JsonObject());
        assertThat(noChoice.statusCode()).isEqualTo(400);
        assertThat(noChoice.bodyAsJsonObject().getString("field")).isEqualTo("objected");
        assertThat(call(HttpMethod.PUT, "/research-use", token, new JsonObject().put("objected", "yes"))
                .statusCode()).isEqualTo(400);
        JsonObject preview = call(HttpMethod.GET, "/preview?profession=21", token, null).bodyAsJsonObject();
        assertThat(preview.getString("profession")).isEqualTo("21");
        assertThat(call(HttpMethod.GET, "/preview?profession=99", token, null).statusCode()).isEqualTo(400);
        assertThat(call(HttpMethod.GET, "/access-history?page=0", token, null).bodyAsJsonObject()
                .getBoolean("hasNext")).isFalse();
    }

    @Test
    void directivesAreSignedOnlyWithAFreshCode() {
        String token = login();
        JsonObject content = new JsonObject().put("model", "B_GOOD_HEALTH")
                .put("treatments", new JsonObject().put("VENTILATION", "REFUSE"))
                .put("deepContinuousSedation", "ACCEPT").put("freeText", "Rester chez moi")
                .put("trustedPerson", new JsonObject().put("name", "Alex").put("contact", "0600000000"));
        HttpResponse<Buffer> draft = call(HttpMethod.PUT, "/directives", token, content);
        assertThat(draft.statusCode()).isEqualTo(200);
        assertThat(draft.bodyAsJsonObject().getString("status")).isEqualTo("DRAFT");
        assertThat(call(HttpMethod.POST, "/directives/signature", token, new JsonObject().put("code", "123456"))
                .statusCode()).isEqualTo(401);
        assertThat(call(HttpMethod.POST, "/directives/signature/code", token, new JsonObject()).statusCode())
                .isEqualTo(202);
        HttpResponse<Buffer> signed = call(HttpMethod.POST, "/directives/signature", token,
                new JsonObject().put("code", app.codes.lastCode()));
        assertThat(signed.statusCode()).isEqualTo(200);
        JsonObject latest = call(HttpMethod.GET, "/directives", token, null).bodyAsJsonObject();
        assertThat(latest.getString("status")).isEqualTo("SIGNED");
        assertThat(latest.getJsonObject("content").getJsonObject("treatments").getString("VENTILATION"))
                .isEqualTo("REFUSE");
        assertThat(call(HttpMethod.PUT, "/directives", token, new JsonObject().put("model", "Z")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void logoutRevokesTheToken() {
        String token = login();
        assertThat(call(HttpMethod.POST, "/logout", token, new JsonObject()).statusCode()).isEqualTo(204);
        assertThat(call(HttpMethod.GET, "", token, null).statusCode()).isEqualTo(401);
    }
}
