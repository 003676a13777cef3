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
        assertThat(app.codes.lockNotices()).hasSize(1);
        assertThat(app.codes.lockNotices().get(0).to().phone()).contains(camille.phone());
        // Delivered for real: 3 codes and the notice at the SMSC.
        long end = System.currentTimeMillis() + 15_000;
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
    void aSessionReadingInALoopIsThrottledWithRetryAfterAndOthersAreNot() {
        app.restart(TestApp.config().withApiCallsPerSession(20, java.time.Duration.ofMinutes(1)));
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
}
