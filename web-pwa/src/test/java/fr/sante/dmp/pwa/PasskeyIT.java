package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Passkey endpoints over HTTP: CSRF on every POST, challenges single use and expiring in Redis, registration options
 * carrying the record's random user handle (never the INS), and a forged or replayed answer refused.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PasskeyIT {

    static TestApp app;
    static TestApp.Person camille;
    static TestApp.Person louise;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        camille = app.register("Camille", RecordState.ACTIVE);
        louise = app.register("Louise", RecordState.ACTIVE);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void everyPasskeyPostWithoutTheCsrfTokenIsRefused() {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        for (String path : List.of(Paths.PASSKEY_LOGIN_OPTIONS, Paths.PASSKEY_LOGIN, Paths.PASSKEY_REGISTER_OPTIONS,
                Paths.PASSKEYS)) {
            assertThat(b.postJson(path, new JsonObject(), false).statusCode()).as(path).isEqualTo(403);
        }
        Browserless signed = signedIn(louise);
        assertThat(signed.postJson(Paths.PASSKEY_REGISTER_OPTIONS, new JsonObject(), false).statusCode()).isEqualTo(403);
        assertThat(signed.post(Paths.PASSKEY_REMOVE, MultiMap.caseInsensitiveMultiMap().add("credentialId", "x")
                .add("_csrf", "forged.token")).statusCode()).isEqualTo(403);
    }

    @Test
    void aLoginChallengeExpiresAndServesOnceAForgedAnswerIsRefused() {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        HttpResponse<Buffer> options = b.postJson(Paths.PASSKEY_LOGIN_OPTIONS, new JsonObject(), true);
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject o = options.bodyAsJsonObject();
        assertThat(o.getString("rpId")).isEqualTo("localhost");
        assertThat(o.getString("userVerification")).isEqualTo("required");
        assertThat(o.containsKey("allowCredentials")).as("discoverable credentials: no identifier asked").isFalse();
        String challenge = o.getString("challenge");
        String key = "pwa:wa:" + Hmac.sha256(challenge);
        long ttl = TestApp.await(app.redis.pttl(key)).toLong();
        assertThat(ttl).isBetween(1L, 150_000L);

        JsonObject forged = assertion(challenge);
        HttpResponse<Buffer> first = b.postJson(Paths.PASSKEY_LOGIN, forged, true);
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(TestApp.await(app.redis.exists(List.of(key))).toInteger()).as("used once, gone").isZero();
        assertThat(b.postJson(Paths.PASSKEY_LOGIN, forged, true).statusCode()).isEqualTo(401);
        assertThat(b.cookies.keySet()).noneMatch(c -> c.contains("session"));
    }

    @Test
    void registrationOptionsCarryARandomUserHandleAndAreBoundToTheSession() {
        Browserless b = signedIn(camille);
        HttpResponse<Buffer> options = b.postJson(Paths.PASSKEY_REGISTER_OPTIONS, new JsonObject(), true);
        assertThat(options.statusCode()).as(options.bodyAsString()).isEqualTo(200);
        JsonObject o = options.bodyAsJsonObject();
        String handle = o.getJsonObject("user").getString("id");
        assertThat(handle).hasSize(43).doesNotContain(camille.ins().value());
        assertThat(new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.ISO_8859_1))
                .doesNotContain(camille.ins().value());
        assertThat(o.getJsonObject("user").encode()).doesNotContain(camille.ins().value(), "Camille");
        assertThat(o.getJsonObject("rp").getString("id")).isEqualTo("localhost");
        assertThat(o.getJsonObject("authenticatorSelection").getString("residentKey")).isEqualTo("required");
        assertThat(o.getJsonObject("authenticatorSelection").getString("userVerification")).isEqualTo("required");

        // The same challenge answered from another session is refused, and burnt.
        Browserless other = signedIn(louise);
        JsonObject answer = attestation(o.getString("challenge"));
        assertThat(other.postJson(Paths.PASSKEYS, answer, true).statusCode()).isEqualTo(400);
        assertThat(b.postJson(Paths.PASSKEYS, answer, true).statusCode()).isEqualTo(400);
        assertThat(TestApp.await(app.store.passkeys().list(camille.ins()))).isEmpty();
    }

    private Browserless signedIn(TestApp.Person p) {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        String ins = p.ins().value();
        String birth = p.birthDate().toString();
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth)
                .add("code", app.codes.lastCode()));
        b.get(Paths.PROFILE);
        return b;
    }

    private static JsonObject assertion(String challenge) {
        String id = b64("not-a-registered-credential-id");
        return new JsonObject().put("id", id).put("rawId", id).put("type", "public-key").put("response",
                new JsonObject().put("clientDataJSON", clientData("webauthn.get", challenge))
                        .put("authenticatorData", b64("x")).put("signature", b64("y")));
    }

    private static JsonObject attestation(String challenge) {
        String id = b64("a-credential-nobody-made-here");
        return new JsonObject().put("id", id).put("rawId", id).put("type", "public-key").put("response",
                new JsonObject().put("clientDataJSON", clientData("webauthn.create", challenge))
                        .put("attestationObject", b64("z")));
    }

    private static String clientData(String type, String challenge) {
        return b64(new JsonObject().put("type", type).put("challenge", challenge)
                .put("origin", "http://localhost:" + app.port()).encode());
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
