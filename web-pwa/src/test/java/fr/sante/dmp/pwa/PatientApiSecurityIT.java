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
}
