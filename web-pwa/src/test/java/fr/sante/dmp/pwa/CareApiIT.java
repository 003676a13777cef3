package fr.sante.dmp.pwa;

import fr.sante.dmp.store.patient.contact.CodeSender;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.CareContext;
import fr.sante.dmp.store.care.CareProof;
import fr.sante.dmp.store.care.ExpressConsent;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The patient API's care relationships against the real store: care codes (on screen, or texted through the login's
 * sender and cap), care contexts granted, listed and ended, occupational physicians' express consents, and every
 * input refused with a 400 naming its field before the store is called.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CareApiIT {

    static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    static TestApp app;
    TestApp.Person camille;
    TestApp.Person paul;
    WebClient client;
    String token;

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
        paul = app.register("Paul", RecordState.ACTIVE);
        token = login(camille);
    }

    HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body) {
        var req = client.requestAbs(method, app.base() + "/api/v1/me" + path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return TestApp.await(body == null ? req.send() : req.sendJsonObject(body));
    }

    HttpResponse<Buffer> raw(HttpMethod method, String path, String body) {
        return TestApp.await(client.requestAbs(method, app.base() + "/api/v1/me" + path)
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
    }

    String login(TestApp.Person p) {
        JsonObject id = new JsonObject().put("ins", p.ins().value()).put("birthDate", p.birthDate().toString());
        token = null;
        assertThat(call(HttpMethod.POST, "/login", id).statusCode()).isEqualTo(202);
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/login/verify", id.copy().put("code", app.codes.lastCode()));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("token");
    }

    static void assertInvalid(HttpResponse<Buffer> r, String field) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        // A body that is not a JSON object at all (empty, cut, an array) is malformed-body, as on the professional API.
        assertThat(r.bodyAsJsonObject().getString("type")).isIn("https://dmp.sante.fr/problems/invalid-field",
                "body".equals(field) ? "https://dmp.sante.fr/problems/malformed-body" : "-");
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
    }

    static Actor.Professional occupationalPhysician() {
        return new Actor.Professional(StoreFixture.newRpps(), Profession.PHYSICIAN, Optional.of("SM25"),
                ActorCategory.OCCUPATIONAL_HEALTH);
    }

    static Throwable failure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    JsonArray contexts() {
        HttpResponse<Buffer> r = call(HttpMethod.GET, "/care-contexts", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        return r.bodyAsJsonObject().getJsonArray("careContexts");
    }

    long careCodesStored(TestApp.Person p) throws Exception {
        return app.fixture.count("SELECT count(*) FROM care_code WHERE record_id = ?", app.fixture.recordId(p.ins()));
    }

    @Test
    void aCareCodeLetsTheProfessionalWhoTypesItOpenAContext() {
        Instant before = Instant.now();
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/care-code", null);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        String code = r.bodyAsJsonObject().getString("code");
        assertThat(code).matches("[0-9]{6}");
        assertThat(Instant.parse(r.bodyAsJsonObject().getString("expiresAt")))
                .isBetween(before.plus(Duration.ofMinutes(10)).minusSeconds(5), Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(app.codes.count()).as("shown, not sent").isEqualTo(1);

        Actor.Professional doctor = app.known(StoreFixture.physician());
        TestApp.await(app.store.careContexts().open(doctor, camille.ins(), new CareProof.CareCode(code)));

        JsonObject context = contexts().getJsonObject(0);
        assertThat(context.getString("rpps")).isEqualTo(doctor.rpps().value());
        assertThat(context.getString("profession")).isEqualTo("10");
        assertThat(context.getString("via")).isEqualTo("care-code");
        assertThat(context.getBoolean("live")).isTrue();
        assertThat(context.containsKey("endedAt")).isFalse();
        assertThat(TestApp.await(app.records().listDocuments(doctor, camille.ins()))).isEmpty();
    }

    @Test
    void aCareCodeAskedBySmsGoesThroughTheLoginsSenderUnderItsCap() throws Exception {
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/care-code", new JsonObject().put("sendBySms", true));

        assertThat(r.statusCode()).isEqualTo(201);
        String code = r.bodyAsJsonObject().getString("code");
        var sent = app.codes.sent().get(app.codes.count() - 1);
        assertThat(sent.purpose()).isEqualTo(CodeSender.Purpose.CARE_CODE);
        assertThat(sent.code()).isEqualTo(code);
        assertThat(sent.to().phone()).contains(camille.phone());
        assertThat(app.codes(camille.phone(), 2)).as("the SMS in the dev inbox").contains(code);

        assertThat(call(HttpMethod.POST, "/care-code", new JsonObject().put("sendBySms", true)).statusCode())
                .isEqualTo(201);
        String third = call(HttpMethod.POST, "/care-code", new JsonObject().put("sendBySms", true))
                .bodyAsJsonObject().getString("code");
        HttpResponse<Buffer> capped = call(HttpMethod.POST, "/care-code", new JsonObject().put("sendBySms", true));
        assertThat(capped.statusCode()).isEqualTo(429);
        assertThat(capped.bodyAsJsonObject().getString("type")).endsWith("/too-many-codes");
        assertThat(app.codes.count()).as("login + 3 care codes").isEqualTo(4);
        // Past the cap nothing was issued: the last texted code still opens a context.
        Actor.Professional nurse = app.known(StoreFixture.professional(Profession.NURSE));
        TestApp.await(app.store.careContexts().open(nurse, camille.ins(), new CareProof.CareCode(third)));

        assertThat(call(HttpMethod.POST, "/care-code", new JsonObject().put("sendBySms", false)).statusCode())
                .as("shown on screen: no cap").isEqualTo(201);
        assertThat(careCodesStored(camille)).isEqualTo(1);
    }

    @Test
    void careCodeInputsAreCheckedAndNothingIsIssued() throws Exception {
        assertInvalid(call(HttpMethod.POST, "/care-code", new JsonObject().put("sendBySms", "yes")), "sendBySms");
        assertInvalid(call(HttpMethod.POST, "/care-code", new JsonObject().putNull("sendBySms")), "sendBySms");
        assertInvalid(call(HttpMethod.POST, "/care-code", new JsonObject().put("sms", true)), "sms");
        assertInvalid(raw(HttpMethod.POST, "/care-code", "[true]"), "body");
        assertInvalid(raw(HttpMethod.POST, "/care-code", "sendBySms=true"), "body");
        assertThat(careCodesStored(camille)).isZero();
        assertThat(app.codes.count()).isEqualTo(1);
        token = null;
        assertThat(call(HttpMethod.POST, "/care-code", null).statusCode()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/care-contexts", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aPatientLetsANamedProfessionalInAndEndsItAtOnce() {
        Actor.Professional nurse = app.known(StoreFixture.professional(Profession.NURSE));
        Instant before = Instant.now();

        HttpResponse<Buffer> r = call(HttpMethod.POST, "/care-contexts",
                new JsonObject().put("rpps", "8" + nurse.rpps().value()).put("days", 7));

        assertThat(r.statusCode()).isEqualTo(201);
        JsonObject granted = r.bodyAsJsonObject();
        assertThat(granted.getString("rpps")).isEqualTo(nurse.rpps().value());
        assertThat(granted.getString("profession")).isEqualTo("60");
        assertThat(granted.getString("via")).isEqualTo("patient-grant");
        assertThat(granted.getBoolean("live")).isTrue();
        assertThat(Instant.parse(granted.getString("expiresAt")))
                .isBetween(before.plus(Duration.ofDays(7)).minusSeconds(5), Instant.now().plus(Duration.ofDays(7)));
        assertThat(contexts()).hasSize(1);
        assertThat(contexts().getJsonObject(0).getString("id")).isEqualTo(granted.getString("id"));
        TestApp.await(app.records().listDocuments(nurse, camille.ins()));

        HttpResponse<Buffer> end = call(HttpMethod.DELETE, "/care-contexts/" + granted.getString("id"), null);

        assertThat(end.statusCode()).isEqualTo(204);
        assertThat(end.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(failure(() -> TestApp.await(app.records().listDocuments(nurse, camille.ins()))))
                .isInstanceOf(RecordException.AccessDenied.class);
        JsonObject ended = contexts().getJsonObject(0);
        assertThat(ended.getBoolean("live")).isFalse();
        assertThat(Instant.parse(ended.getString("endedAt"))).isAfterOrEqualTo(before.minusSeconds(1));
        HttpResponse<Buffer> again = call(HttpMethod.DELETE, "/care-contexts/" + granted.getString("id"), null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.bodyAsJsonObject().getString("type")).endsWith("/not-found");
    }

    @Test
    void endingAContextThatIsNotOneOfMineIs404AndItStaysLive() {
        Actor.Professional doctor = app.known(StoreFixture.physician());
        CareContext pauls = TestApp.await(app.store.careContexts().grant(paul.ins(), doctor.rpps(), 30));

        assertThat(call(HttpMethod.DELETE, "/care-contexts/" + pauls.id(), null).statusCode()).isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, "/care-contexts/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, "/care-contexts/not-a-uuid", null).statusCode()).isEqualTo(404);

        List<CareContext> still = TestApp.await(app.store.careContexts().list(paul.ins()));
        assertThat(still).singleElement().satisfies(c -> assertThat(c.liveAt(Instant.now())).isTrue());
        TestApp.await(app.records().listDocuments(doctor, paul.ins()));
    }

    @Test
    void grantInputsAreCheckedBeforeTheStore() {
        String known = app.known(StoreFixture.physician()).rpps().value();
        Map<Object, String> cases = new LinkedHashMap<>();
        cases.put(new JsonObject(), "rpps");
        cases.put(new JsonObject().put("rpps", known), "days");
        cases.put(new JsonObject().put("rpps", known.substring(0, 10) + ((known.charAt(10) - '0' + 1) % 10))
                .put("days", 7), "rpps");
        cases.put(new JsonObject().put("rpps", " " + known).put("days", 7), "rpps");
        cases.put(new JsonObject().put("rpps", Long.parseLong(known)).put("days", 7), "rpps");
        cases.put(new JsonObject().put("rpps", "123").put("days", 7), "rpps");
        cases.put(new JsonObject().putNull("rpps").put("days", 7), "rpps");
        cases.put(new JsonObject().put("rpps", known).put("days", 0), "days");
        cases.put(new JsonObject().put("rpps", known).put("days", 366), "days");
        cases.put(new JsonObject().put("rpps", known).put("days", -1), "days");
        cases.put(new JsonObject().put("rpps", known).put("days", "30"), "days");
        cases.put(new JsonObject().put("rpps", known).put("days", 1.5), "days");
        cases.put(new JsonObject().put("rpps", known).put("days", 1e20), "days");
        cases.put(new JsonObject().put("rpps", known).putNull("days"), "days");
        cases.put(new JsonObject().put("rpps", known).put("days", 7).put("note", "x"), "note");
        // Well formed but unknown to the directory: the store's refusal, the same 400 naming the field.
        cases.put(new JsonObject().put("rpps", StoreFixture.newRpps().value()).put("days", 7), "rpps");
        cases.forEach((body, field) -> assertInvalid(call(HttpMethod.POST, "/care-contexts", (JsonObject) body),
                field));
        assertInvalid(raw(HttpMethod.POST, "/care-contexts", "[]"), "body");
        assertInvalid(raw(HttpMethod.POST, "/care-contexts", ""), "body");
        assertInvalid(raw(HttpMethod.POST, "/care-contexts", "{\"rpps\": "), "body");

        assertThat(contexts()).isEmpty();
    }

    @Test
    void anOccupationalPhysicianIsLetInUntilADateThenWithdrawn() {
        Actor.Professional occupational = app.known(occupationalPhysician());
        String path = "/express-consents/" + occupational.rpps().value();
        LocalDate until = LocalDate.now(FRANCE).plusDays(30);
        assertThat(failure(() -> TestApp.await(app.records().listDocuments(occupational, camille.ins()))))
                .isInstanceOf(RecordException.AccessDenied.class);

        HttpResponse<Buffer> put = call(HttpMethod.PUT, path, new JsonObject().put("until", until.toString()));

        assertThat(put.statusCode()).isEqualTo(204);
        assertThat(TestApp.await(app.store.careContexts().expressConsents(camille.ins()))).singleElement()
                .satisfies(c -> {
                    assertThat(c.rpps()).isEqualTo(occupational.rpps().value());
                    assertThat(c.until()).isEqualTo(until);
                });
        TestApp.await(app.records().listDocuments(occupational, camille.ins()));

        assertThat(call(HttpMethod.DELETE, path, null).statusCode()).isEqualTo(204);
        assertThat(TestApp.await(app.store.careContexts().expressConsents(camille.ins()))).isEmpty();
        assertThat(failure(() -> TestApp.await(app.records().listDocuments(occupational, camille.ins()))))
                .isInstanceOf(RecordException.AccessDenied.class);
        HttpResponse<Buffer> again = call(HttpMethod.DELETE, path, null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.bodyAsJsonObject().getString("type")).endsWith("/not-found");
    }

    @Test
    void expressConsentInputsAreCheckedBeforeTheStore() {
        String occupational = app.known(occupationalPhysician()).rpps().value();
        String pharmacist = app.known(StoreFixture.professional(Profession.PHARMACIST)).rpps().value();
        LocalDate today = LocalDate.now(FRANCE);
        JsonObject fine = new JsonObject().put("until", today.plusDays(10).toString());
        String path = "/express-consents/" + occupational;

        assertInvalid(call(HttpMethod.PUT, "/express-consents/123", fine), "rpps");
        assertInvalid(call(HttpMethod.PUT, "/express-consents/" + occupational.substring(0, 10)
                + ((occupational.charAt(10) - '0' + 1) % 10), fine), "rpps");
        assertInvalid(call(HttpMethod.PUT, path, new JsonObject()), "until");
        assertInvalid(call(HttpMethod.PUT, path, new JsonObject().putNull("until")), "until");
        assertInvalid(call(HttpMethod.PUT, path, new JsonObject().put("until", "2027-02-30")), "until");
        assertInvalid(call(HttpMethod.PUT, path, new JsonObject().put("until", "tomorrow")), "until");
        assertInvalid(call(HttpMethod.PUT, path, new JsonObject().put("until", 20270101)), "until");
        assertInvalid(call(HttpMethod.PUT, path, new JsonObject().put("until", today.minusDays(1).toString())), "until");
        assertInvalid(call(HttpMethod.PUT, path, new JsonObject().put("until", today.plusYears(1).plusDays(1)
                .toString())), "until");
        assertInvalid(call(HttpMethod.PUT, path, fine.copy().put("reason", "x")), "reason");
        assertInvalid(raw(HttpMethod.PUT, path, ""), "body");
        // Well formed, but not a physician of the directory: the store's refusal, naming the field.
        assertInvalid(call(HttpMethod.PUT, "/express-consents/" + pharmacist, fine), "rpps");
        assertInvalid(call(HttpMethod.PUT, "/express-consents/" + StoreFixture.newRpps().value(), fine), "rpps");
        assertInvalid(call(HttpMethod.DELETE, "/express-consents/123", null), "rpps");

        List<ExpressConsent> none = TestApp.await(app.store.careContexts().expressConsents(camille.ins()));
        assertThat(none).isEmpty();
    }

    @Test
    void aTreatingDoctorIsAPhysicianTheDirectoryKnows() {
        String pharmacist = app.known(StoreFixture.professional(Profession.PHARMACIST)).rpps().value();
        String doctor = app.known(StoreFixture.physician()).rpps().value();

        assertInvalid(call(HttpMethod.PUT, "/treating-doctor", new JsonObject().put("rpps", pharmacist)), "rpps");
        assertInvalid(call(HttpMethod.PUT, "/treating-doctor",
                new JsonObject().put("rpps", StoreFixture.newRpps().value())), "rpps");
        assertThat(app.overview(camille).treatingDoctorRpps()).isEmpty();

        assertThat(call(HttpMethod.PUT, "/treating-doctor", new JsonObject().put("rpps", doctor)).statusCode())
                .isEqualTo(204);
        assertThat(app.overview(camille).treatingDoctorRpps()).contains(doctor);
    }
}
