package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Attacks on the patient API from the security issue, each tried for real against Redis and PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PatientApiSecurityIT {

    static TestApp app;
    WebClient client;
    TestApp.Person camille;
    TestApp.Person paul;
    UUID paulsNote;

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
        paulsNote = app.deposit(StoreFixture.physician(), paul, DocumentClass.CONSULTATION_NOTE, "Bilan", "secret");
    }

    HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) {
        var req = client.requestAbs(method, app.base() + "/api/v1/me" + path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return TestApp.await(body == null ? req.send() : req.sendJsonObject(body));
    }

    JsonObject identity(TestApp.Person p) {
        return new JsonObject().put("ins", p.ins().value()).put("birthDate", p.birthDate().toString());
    }

    String login(TestApp.Person p) {
        assertThat(call(HttpMethod.POST, "/login", null, identity(p)).statusCode()).isEqualTo(202);
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/login/verify", null,
                identity(p).put("code", app.codes.lastCode()));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("token");
    }

    static String sessionKey(String token) {
        return "pwa:s:" + Hmac.sha256(token);
    }

    // Item 4: whoever can write to Redis cannot make a session.

    @Test
    void aHandWrittenSessionRecordInRedisOpensNothing() {
        String token = "forged-token-of-thirty-two-chars-or-so-xyz";
        JsonObject record = new JsonObject().put("ins", paul.ins().value()).put("birthDate", paul.birthDate().toString())
                .put("kind", "API").put("createdAt", System.currentTimeMillis());
        TestApp.await(app.redis.set(List.of(sessionKey(token), record.encode(), "PX", "600000")));

        assertThat(call(HttpMethod.GET, "", token, null).statusCode()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/documents", token, null).statusCode()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/documents/" + paulsNote, token, null).statusCode()).isEqualTo(401);
        // The forged record is erased at first use.
        assertThat(TestApp.await(app.redis.exists(List.of(sessionKey(token)))).toInteger()).isZero();
    }

    @Test
    void aRecordWithAnInventedMacOrAnotherPatientsIdentityIsRefused() {
        String token = login(camille);
        String stored = TestApp.await(app.redis.get(sessionKey(token))).toString();
        JsonObject genuine = new JsonObject(stored);
        assertThat(genuine.getString("mac")).isNotBlank();
        assertThat(call(HttpMethod.GET, "", token, null).statusCode()).isEqualTo(200);

        // Camille's genuine record, edited to name Paul: the MAC no longer matches.
        JsonObject edited = genuine.copy().put("ins", paul.ins().value());
        TestApp.await(app.redis.set(List.of(sessionKey(token), edited.encode(), "PX", "600000")));
        assertThat(call(HttpMethod.GET, "/documents", token, null).statusCode()).isEqualTo(401);

        // A genuine record copied under a key of the attacker's choosing: the MAC is bound to its key.
        String copyToken = "copied-token-of-thirty-two-chars-or-so-xyz";
        TestApp.await(app.redis.set(List.of(sessionKey(copyToken), stored, "PX", "600000")));
        assertThat(call(HttpMethod.GET, "", copyToken, null).statusCode()).isEqualTo(401);
    }

    // Item 8: the code check tells nothing of the birth date and burns nothing of the patient's.

    @Test
    void withALoginPendingWrongBirthDatesAndAWrongCodeGetOneAnswerAndThePatientKeepsTheirTries() {
        assertThat(call(HttpMethod.POST, "/login", null, identity(camille)).statusCode()).isEqualTo(202);
        String right = app.codes.lastCode();
        String wrong = right.equals("000000") ? "000001" : "000000";
        java.util.Set<String> answers = new java.util.HashSet<>();
        // 31 birth dates around the real one, the real one among them, as in the report.
        for (int d = -15; d <= 15; d++) {
            HttpResponse<Buffer> r = call(HttpMethod.POST, "/login/verify", null, new JsonObject()
                    .put("ins", camille.ins().value()).put("birthDate", camille.birthDate().plusDays(d).toString())
                    .put("code", wrong));
            assertThat(r.statusCode()).isEqualTo(401);
            JsonObject body = r.bodyAsJsonObject();
            body.remove("requestId");
            answers.add(r.statusCode() + " " + body.encode());
        }
        assertThat(answers).hasSize(1);
        assertThat(answers.iterator().next()).contains("/wrong-code");
        // Only the one try with the right birth date counted: the patient still signs in with their code.
        HttpResponse<Buffer> mine = call(HttpMethod.POST, "/login/verify", null, identity(camille).put("code", right));
        assertThat(mine.statusCode()).isEqualTo(200);
    }

    @Test
    void aBurntCodeAnswersLikeAWrongOne() {
        call(HttpMethod.POST, "/login", null, identity(camille));
        String right = app.codes.lastCode();
        String wrong = right.equals("000000") ? "000001" : "000000";
        java.util.Set<String> answers = new java.util.HashSet<>();
        for (int i = 0; i < 7; i++) { // 5 burn the code; the 6th and 7th find none
            HttpResponse<Buffer> r = call(HttpMethod.POST, "/login/verify", null, identity(camille).put("code", wrong));
            JsonObject body = r.bodyAsJsonObject();
            body.remove("requestId");
            answers.add(r.statusCode() + " " + body.encode());
        }
        assertThat(answers).hasSize(1);
        assertThat(call(HttpMethod.POST, "/login/verify", null, identity(camille).put("code", right)).statusCode())
                .isEqualTo(401);
    }

    // Item 7: requests with another birth date cannot lock the holder out; a lock is told to the patient.

    @Test
    void codeRequestsWithAWrongBirthDateNeverLockTheRealIdentity() {
        JsonObject guessed = new JsonObject().put("ins", camille.ins().value())
                .put("birthDate", camille.birthDate().minusYears(1).toString());
        for (int i = 0; i < 3; i++) {
            assertThat(call(HttpMethod.POST, "/login", null, guessed).statusCode()).isEqualTo(202);
        }
        HttpResponse<Buffer> locked = call(HttpMethod.POST, "/login", null, guessed);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.getHeader("Retry-After")).matches("[1-9][0-9]*");
        // Nobody holds that identity: no notice, no code.
        assertThat(app.codes.lockNotices()).isEmpty();
        assertThat(app.codes.count()).isZero();
        // The real patient is not refused.
        String token = login(camille);
        assertThat(call(HttpMethod.GET, "", token, null).statusCode()).isEqualTo(200);
    }

    @Test
    void whenTheRealIdentityIsLockedThePatientIsToldOnceThroughTheOutbox() {
        for (int i = 0; i < 3; i++) {
            assertThat(call(HttpMethod.POST, "/login", null, identity(camille)).statusCode()).isEqualTo(202);
        }
        for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> r = call(HttpMethod.POST, "/login", null, identity(camille));
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(r.getHeader("Retry-After"))).isBetween(1L, 900L);
        }
        // The notice is queued after the reply (not awaited, like codes): wait for it, then check there is one only.
        long end = System.currentTimeMillis() + 15_000;
        while (app.codes.lockNotices().isEmpty() && System.currentTimeMillis() < end) {
            sleep(50);
        }
        sleep(300);
        assertThat(app.codes.lockNotices()).hasSize(1);
        assertThat(app.codes.lockNotices().get(0).to().phone()).contains(camille.phone());
        // Delivered for real: 3 codes and the notice at the SMSC.
        while (app.messageCount(camille.phone()) < 4 && System.currentTimeMillis() < end) {
            sleep(100);
        }
        assertThat(app.messageCount(camille.phone())).isEqualTo(4);
    }

    // Item 10: JSON only, or 415.

    @Test
    void theApiRefusesEveryBodyThatIsNotJson() {
        String body = identity(camille).encode();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=iso-8859-1", "application/jsonx")) {
            HttpResponse<Buffer> r = TestApp.await(client.requestAbs(HttpMethod.POST, app.base() + "/api/v1/me/login")
                    .putHeader("Content-Type", type).sendBuffer(Buffer.buffer(body)));
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
            assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/unsupported-content-type");
        }
        // A body without any content type.
        io.vertx.core.http.HttpClient raw = app.vertx.createHttpClient();
        int status = TestApp.await(raw.request(HttpMethod.POST, app.port(), "127.0.0.1", "/api/v1/me/login")
                .compose(req -> req.send(Buffer.buffer(body))).map(io.vertx.core.http.HttpClientResponse::statusCode));
        assertThat(status).isEqualTo(415);
        TestApp.await(raw.close());
        // No body and no content type where a body is needed: 415 too, not a 400 about the body.
        HttpResponse<Buffer> none = TestApp.await(client.requestAbs(HttpMethod.POST, app.base() + "/api/v1/me/login")
                .send());
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(none.bodyAsJsonObject().getString("type")).endsWith("/unsupported-content-type");
        assertThat(app.codes.count()).isZero();
        // JSON, with or without charset=utf-8, is served.
        HttpResponse<Buffer> ok = TestApp.await(client.requestAbs(HttpMethod.POST, app.base() + "/api/v1/me/login")
                .putHeader("Content-Type", "application/json; charset=UTF-8").sendBuffer(Buffer.buffer(body)));
        assertThat(ok.statusCode()).isEqualTo(202);
        // A call without a body needs no content type.
        String token = login(camille);
        assertThat(call(HttpMethod.PUT, "/documents/" + UUID.randomUUID() + "/mask", token, null).statusCode())
                .isEqualTo(404);
    }

    // Item 11: a throttle per session, with Retry-After.

    @Test
    void aScriptReadingInABurstIsStoppedAfterFiftyCallsInASecond() {
        String token = login(camille);
        java.util.List<HttpResponse<Buffer>> all = new java.util.ArrayList<>();
        long start = System.nanoTime();
        // 300 reads as fast as the client goes (the report's 1.6 s), in parallel batches of 30.
        for (int batch = 0; batch < 10; batch++) {
            java.util.List<io.vertx.core.Future<HttpResponse<Buffer>>> inFlight = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                inFlight.add(client.requestAbs(HttpMethod.GET, app.base() + "/api/v1/me/documents")
                        .putHeader("Authorization", "Bearer " + token).send());
            }
            inFlight.forEach(f -> all.add(TestApp.await(f)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long served = all.stream().filter(r -> r.statusCode() == 200).count();
        // At most 50 per started second of the run, whatever the machine's pace.
        assertThat(served).isBetween(50L, 50L * ((long) Math.ceil(seconds) + 1));
        assertThat(served).isLessThan(300);
        assertThat(all).filteredOn(r -> r.statusCode() == 429)
                .allSatisfy(r -> assertThat(r.getHeader("Retry-After")).isEqualTo("1"));
    }

    @Test
    void aSessionReadingInALoopIsThrottledWithRetryAfterAndOthersAreNot() {
        app.restart(TestApp.config().withApiCallsPerSession(1000, 20, java.time.Duration.ofMinutes(1)));
        String token = login(camille);
        int ok = 0;
        HttpResponse<Buffer> last = null;
        for (int i = 0; i < 30; i++) {
            last = call(HttpMethod.GET, "/documents", token, null);
            if (last.statusCode() == 200) {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(20);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(last.getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(last.bodyAsJsonObject().getString("type")).endsWith("/rate-limited");
        // Another patient's session is not slowed down.
        String other = login(paul);
        assertThat(call(HttpMethod.GET, "/documents", other, null).statusCode()).isEqualTo(200);
    }

    // Item 15: one vocabulary, with detail and request id.

    @Test
    void problemsCarryTheSharedTypeADetailAndTheRequestId() {
        HttpResponse<Buffer> unauthenticated = call(HttpMethod.GET, "", null, null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        JsonObject p = unauthenticated.bodyAsJsonObject();
        assertThat(p.getString("type")).isEqualTo("https://dmp.sante.fr/problems/unauthenticated");
        assertThat(p.getString("detail")).isNotBlank();
        assertThat(p.getString("requestId")).isNotBlank().isEqualTo(unauthenticated.getHeader("X-Request-Id"));
        String token = login(camille);
        HttpResponse<Buffer> invalid = call(HttpMethod.PUT, "/blocked/10001234566", token, null);
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonObject q = invalid.bodyAsJsonObject();
        assertThat(q.getString("field")).isEqualTo("rpps");
        assertThat(q.getString("detail")).startsWith("rpps");
        assertThat(q.getString("requestId")).isEqualTo(invalid.getHeader("X-Request-Id"));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // Item 13: a malformed line id is the client's mistake (400), not an outage (503) nor an unknown line (404).

    @Test
    void aLineIdWithNulOrOverTheContractsLengthIsABadRequest() {
        String token = login(camille);
        for (String id : List.of("%00", "a%00b", "x".repeat(65))) {
            HttpResponse<Buffer> r = call(HttpMethod.PUT, "/care-history/lines/" + id + "/hidden", token, null);
            assertThat(r.statusCode()).as(id).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("lineId");
        }
        // Within the contract and unknown: still a plain 404.
        assertThat(call(HttpMethod.PUT, "/care-history/lines/" + "x".repeat(64) + "/hidden", token, null)
                .statusCode()).isEqualTo(404);
    }

    // Item 14 (patient paths): refused with a field error, nothing stored.

    HttpResponse<Buffer> rawPut(String path, String token, String json) {
        return TestApp.await(client.requestAbs(HttpMethod.PUT, app.base() + "/api/v1/me" + path)
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(json)));
    }

    @Test
    void directivesWithNulHalfCharactersDuplicateKeysOrNullWishesAreRefusedNamingTheField() {
        String token = login(camille);
        String ok = "{\"model\":\"B_GOOD_HEALTH\",\"freeText\":\"Rester chez moi\"}";
        java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"model\":\"B_GOOD_HEALTH\",\"freeText\":\"Rester\\u0000 chez moi\"}", "freeText");
        refused.put("{\"model\":\"B_GOOD_HEALTH\",\"freeText\":\"Rester \\ud800 chez moi\"}", "freeText");
        refused.put("{\"model\":\"B_GOOD_HEALTH\",\"trustedPerson\":{\"name\":\"Alex\\u0000\",\"contact\":\"+33600000000\"}}",
                "trustedPerson.name");
        refused.put("{\"model\":\"A_SERIOUS_ILLNESS\",\"model\":\"B_GOOD_HEALTH\"}", "model");
        refused.put("{\"model\":\"B_GOOD_HEALTH\",\"treatments\":{\"VENTILATION\":null}}", "treatments.VENTILATION");
        refused.put("{\"model\":\"B_GOOD_HEALTH\",\"deepContinuousSedation\":null}", "deepContinuousSedation");
        for (var e : refused.entrySet()) {
            HttpResponse<Buffer> r = rawPut("/directives", token, e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("field")).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(call(HttpMethod.GET, "/directives", token, null).statusCode()).isEqualTo(404);
        assertThat(rawPut("/directives", token, ok).statusCode()).isEqualTo(200);
    }

    /**
     * Issue 20: the patient API's own contract (openapi-me.yaml), checked by vertx-openapi's validator, refuses what
     * hand-written checks refused (a field of another JSON type, an over-long value, a value outside an enumeration)
     * and, closed, a field it does not declare; each is a 400 of the platform's vocabulary naming the field, nested
     * ones by their path, and nothing is stored. What its router does not match stays its own: 404, or 405 with Allow.
     */
    @Test
    void theContractRefusesWhatIsNotItsShapeNamingTheField() {
        String token = login(camille);
        java.util.Map<String, String[]> refused = new java.util.LinkedHashMap<>();
        refused.put("/emergency-access", new String[] {"{\"opposed\":{}}", "opposed"});
        refused.put("/research-use", new String[] {"{\"objected\":true,\"colour\":\"blue\"}", "colour"});
        refused.put("/alerts", new String[] {"{\"channel\":\"PIGEON\"}", "channel"});
        refused.put("/medical-profile", new String[] {"{\"allergies\":\"" + "x".repeat(1001) + "\"}", "allergies"});
        refused.put("/directives", new String[] {"{\"model\":\"B_GOOD_HEALTH\",\"trustedPerson\":{\"name\":\"Alex\","
                + "\"age\":40}}", "trustedPerson.age"});
        for (var e : refused.entrySet()) {
            HttpResponse<Buffer> r = rawPut(e.getKey(), token, e.getValue()[0]);
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            JsonObject problem = r.bodyAsJsonObject();
            assertThat(problem.getString("type")).as(e.getKey()).isEqualTo("https://dmp.sante.fr/problems/invalid-field");
            assertThat(problem.getString("field")).as(e.getKey()).isEqualTo(e.getValue()[1]);
            assertThat(problem.getString("requestId")).isEqualTo(r.getHeader("X-Request-Id"));
        }
        // An unknown key that cannot be one of ours is not echoed.
        HttpResponse<Buffer> odd = rawPut("/research-use", token, "{\"objected\":true,\"<b>\\u0000\":1}");
        assertThat(odd.statusCode()).isEqualTo(400);
        assertThat(odd.bodyAsJsonObject().getString("field")).isEqualTo("body");
        assertThat(call(HttpMethod.GET, "/research-use", token, null).bodyAsJsonObject().getBoolean("chosen")).isFalse();

        HttpResponse<Buffer> unknown = call(HttpMethod.GET, "/nothing-here", token, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.getHeader("Content-Type")).isEqualTo("application/problem+json");
        HttpResponse<Buffer> wrongMethod = call(HttpMethod.PATCH, "/alerts", token, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.getHeader("Allow")).isEqualTo("PUT");
        assertThat(wrongMethod.bodyAsJsonObject().getString("type"))
                .isEqualTo("https://dmp.sante.fr/problems/method-not-allowed");
    }

    @Test
    void aMedicalProfileWithANulInANameOrAScriptAsAPhoneIsRefused() {
        String token = login(camille);
        HttpResponse<Buffer> nul = rawPut("/medical-profile", token,
                "{\"emergencyContacts\":[{\"name\":\"Al\\u0000ex\",\"phone\":\"+33612345678\"}]}");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.bodyAsJsonObject().getString("field")).isEqualTo("emergencyContacts.name");
        HttpResponse<Buffer> script = rawPut("/medical-profile", token,
                "{\"emergencyContacts\":[{\"name\":\"Alex\",\"phone\":\"<script>x</script>\"}]}");
        assertThat(script.statusCode()).isEqualTo(400);
        assertThat(script.bodyAsJsonObject().getString("field")).isEqualTo("emergencyContacts.phone");
        assertThat(call(HttpMethod.GET, "/medical-profile", token, null).statusCode()).isEqualTo(404);
    }

    // Item 17: a downloaded document never runs in our origin.

    @Test
    void anHtmlDocumentIsDownloadedAsAnInertAttachmentFromTheApiAndThePage() {
        Actor.Professional author = app.inCare(StoreFixture.physician(), camille);
        UUID html = TestApp.await(app.records().deposit(author, camille.ins(), new fr.sante.dmp.store.record.NewDocument(
                DocumentClass.CONSULTATION_NOTE, "Compte rendu", "text/html",
                "<script>fetch('/api/v1/me')</script>".getBytes(java.nio.charset.StandardCharsets.UTF_8), false)));
        String token = login(camille);
        HttpResponse<Buffer> api = call(HttpMethod.GET, "/documents/" + html, token, null);
        assertThat(api.statusCode()).isEqualTo(200);
        assertInert(api);

        fr.sante.dmp.pwa.support.Browserless b = new fr.sante.dmp.pwa.support.Browserless(app);
        b.get(fr.sante.dmp.pwa.web.Paths.LOGIN);
        b.post(fr.sante.dmp.pwa.web.Paths.LOGIN, io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                .add("ins", camille.ins().value()).add("birthDate", camille.birthDate().toString()));
        b.post(fr.sante.dmp.pwa.web.Paths.LOGIN_CODE, io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                .add("ins", camille.ins().value()).add("birthDate", camille.birthDate().toString())
                .add("code", app.codes.lastCode()));
        HttpResponse<Buffer> page = b.get(fr.sante.dmp.pwa.web.Paths.DOCUMENT_CONTENT.replace(":id", html.toString()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertInert(page);
        // A PDF keeps its type (a browser shows it without running anything), still as an attachment.
        UUID pdf = TestApp.await(app.records().deposit(author, camille.ins(), new fr.sante.dmp.store.record.NewDocument(
                DocumentClass.CONSULTATION_NOTE, "CR", "application/pdf", "%PDF-1.4".getBytes(), false)));
        HttpResponse<Buffer> kept = call(HttpMethod.GET, "/documents/" + pdf, token, null);
        assertThat(kept.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(kept.getHeader("Content-Disposition")).startsWith("attachment");
    }

    static void assertInert(HttpResponse<Buffer> r) {
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(r.getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(r.getHeader("Content-Security-Policy")).startsWith("sandbox");
        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    }
}
