package fr.sante.dmp.pwa;

import fr.sante.dmp.store.patient.contact.CodeSender;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.patient.contact.CodeSender.Purpose;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.RecordingCodeSender.Sent;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new phone number or e-mail address takes effect only with the code sent to it; the address it replaces is told;
 * a code is bound to the address it was sent to.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ContactChangeIT {
    static TestApp app;
    TestApp.Person camille;
    Browserless b;

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
        camille = app.register("Camille", RecordState.ACTIVE);
        b = new Browserless(app);
        String ins = camille.ins().value();
        String birth = camille.birthDate().toString();
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth)
                .add("code", app.codes.lastCode()));
        b.get(Paths.PROFILE_CONTACT);
        app.codes.clear();
    }

    private HttpResponse<Buffer> ask(String kind, String address) {
        return b.post(Paths.PROFILE_CONTACT, MultiMap.caseInsensitiveMultiMap().add("kind", kind).add("address", address));
    }

    private HttpResponse<Buffer> confirm(String kind, String address, String code) {
        return b.post(Paths.PROFILE_CONTACT_CONFIRM, MultiMap.caseInsensitiveMultiMap().add("kind", kind)
                .add("address", address).add("code", code));
    }

    @Test
    void theNewPhoneGetsTheCodeAndOnlyTheCodeMakesTheChangeThenTheOldPhoneIsTold() {
        String old = camille.phone();

        HttpResponse<Buffer> asked = ask("phone", "06 39 98 00 42");
        Sent code = app.codes.sent().get(0);
        String beforeConfirming = TestApp.await(app.patients().login().contactForLogin(camille.ins(), camille.birthDate()))
                .orElseThrow().phone().orElseThrow();
        HttpResponse<Buffer> done = confirm("phone", "+33639980042", code.code());

        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.bodyAsString()).contains("Un code vient d’être envoyé à +33639980042");
        assertThat(code.purpose()).isEqualTo(Purpose.CONTACT_CODE);
        assertThat(code.to().phone()).contains("+33639980042");
        assertThat(beforeConfirming).isEqualTo(old);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(TestApp.await(app.patients().login().contactForLogin(camille.ins(), camille.birthDate())).orElseThrow()
                .phone()).contains("+33639980042");
        List<Sent> told = app.codes.sent().stream().filter(s -> s.purpose() == Purpose.CONTACT_CHANGED).toList();
        assertThat(told).hasSize(1);
        assertThat(told.get(0).to().phone()).contains(old);
        assertThat(b.get(Paths.PROFILE_CONTACT + "?saved=phone").bodyAsString())
                .contains("Votre numéro de téléphone est changé").contains("+33639980042");
    }

    @Test
    void aWrongCodeOrAnotherAddressChangesNothingAndSaysWhy() {
        ask("email", "Camille@Exemple.FR");
        String code = app.codes.lastCode();
        String wrong = code.equals("000000") ? "111111" : "000000";

        HttpResponse<Buffer> wrongCode = confirm("email", "Camille@exemple.fr", wrong);
        HttpResponse<Buffer> otherAddress = confirm("email", "intrus@exemple.fr", code);

        assertThat(wrongCode.statusCode()).isEqualTo(400);
        assertThat(wrongCode.bodyAsString()).contains("Ce code n'est pas le bon").contains("aria-invalid=\"true\"");
        assertThat(otherAddress.statusCode()).isEqualTo(400);
        assertThat(TestApp.await(app.patients().login().contactForLogin(camille.ins(), camille.birthDate())).orElseThrow()
                .email()).isEmpty();
        assertThat(confirm("email", "Camille@exemple.fr", code).statusCode()).isEqualTo(303);
        assertThat(TestApp.await(app.patients().login().contactForLogin(camille.ins(), camille.birthDate())).orElseThrow()
                .email()).contains("Camille@exemple.fr");
    }

    @Test
    void anInvalidAddressIsAFieldErrorAndCodesAreCappedPerHour() {
        HttpResponse<Buffer> invalid = ask("phone", "12");
        for (int i = 0; i < 3; i++) {
            assertThat(ask("phone", "0639980050").statusCode()).isEqualTo(200);
        }
        HttpResponse<Buffer> fourth = ask("phone", "0639980050");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.bodyAsString()).contains("Ce numéro n’est pas valable");
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.bodyAsString()).contains("Trop de codes demandés");
        assertThat(app.codes.count()).isEqualTo(3);
    }

    // The same flow in the patient API (same service: one code per person and address, the old address told).

    private String apiLogin(WebClient client) {
        JsonObject id = new JsonObject().put("ins", camille.ins().value()).put("birthDate",
                camille.birthDate().toString());
        assertThat(api(client, HttpMethod.POST, "/login", null, id).statusCode()).isEqualTo(202);
        HttpResponse<Buffer> r = api(client, HttpMethod.POST, "/login/verify", null,
                id.copy().put("code", app.codes.lastCode()));
        assertThat(r.statusCode()).isEqualTo(200);
        app.codes.clear();
        return r.bodyAsJsonObject().getString("token");
    }

    private static HttpResponse<Buffer> api(WebClient client, HttpMethod method, String path, String token,
                                            JsonObject body) {
        var req = client.requestAbs(method, app.base() + "/api/v1/me" + path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return TestApp.await(body == null ? req.send() : req.sendJsonObject(body));
    }

    @Test
    void theApiChangesTheEmailOnlyWithTheCodeSentToItAndTellsTheOldAddress() {
        WebClient client = WebClient.create(app.vertx);
        String token = apiLogin(client);
        String old = camille.phone();

        HttpResponse<Buffer> asked = api(client, HttpMethod.POST, "/contact/code", token,
                new JsonObject().put("kind", "phone").put("address", "06 39 98 00 43"));
        Sent code = app.codes.sent().get(0);
        String wrong = code.code().equals("000000") ? "111111" : "000000";
        HttpResponse<Buffer> wrongCode = api(client, HttpMethod.POST, "/contact", token, new JsonObject()
                .put("kind", "phone").put("address", "+33639980043").put("code", wrong));
        HttpResponse<Buffer> otherAddress = api(client, HttpMethod.POST, "/contact", token, new JsonObject()
                .put("kind", "phone").put("address", "+33639980044").put("code", code.code()));
        String unchanged = TestApp.await(app.patients().login().contactForLogin(camille.ins(), camille.birthDate()))
                .orElseThrow().phone().orElseThrow();
        HttpResponse<Buffer> done = api(client, HttpMethod.POST, "/contact", token, new JsonObject()
                .put("kind", "phone").put("address", "0639980043").put("code", code.code()));

        assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
        assertThat(code.purpose()).isEqualTo(Purpose.CONTACT_CODE);
        assertThat(code.to().phone()).contains("+33639980043");
        assertThat(wrongCode.statusCode()).isEqualTo(401);
        assertThat(wrongCode.bodyAsJsonObject().getString("type")).endsWith("/wrong-code");
        assertThat(otherAddress.statusCode()).isEqualTo(401);
        assertThat(unchanged).isEqualTo(old);
        assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(204);
        HttpResponse<Buffer> now = api(client, HttpMethod.GET, "/contact", token, null);
        assertThat(now.bodyAsJsonObject().getString("phone")).isEqualTo("+33639980043");
        List<Sent> told = app.codes.sent().stream().filter(s -> s.purpose() == Purpose.CONTACT_CHANGED).toList();
        assertThat(told).hasSize(1);
        assertThat(told.get(0).to().phone()).contains(old);
    }

    @Test
    void theApiRefusesABadAddressByFieldAndTheFourthCodeOfTheHour() {
        WebClient client = WebClient.create(app.vertx);
        String token = apiLogin(client);

        HttpResponse<Buffer> badKind = api(client, HttpMethod.POST, "/contact/code", token,
                new JsonObject().put("kind", "fax").put("address", "0639980050"));
        HttpResponse<Buffer> badEmail = api(client, HttpMethod.POST, "/contact/code", token,
                new JsonObject().put("kind", "email").put("address", "pas-une-adresse"));
        for (int i = 0; i < 3; i++) {
            assertThat(api(client, HttpMethod.POST, "/contact/code", token, new JsonObject().put("kind", "email")
                    .put("address", "camille@exemple.fr")).statusCode()).isEqualTo(202);
        }
        HttpResponse<Buffer> fourth = api(client, HttpMethod.POST, "/contact/code", token,
                new JsonObject().put("kind", "email").put("address", "camille@exemple.fr"));
        HttpResponse<Buffer> anonymous = api(client, HttpMethod.POST, "/contact/code", null,
                new JsonObject().put("kind", "email").put("address", "camille@exemple.fr"));

        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.bodyAsJsonObject().getString("field")).isEqualTo("kind");
        assertThat(badEmail.statusCode()).isEqualTo(400);
        assertThat(badEmail.bodyAsJsonObject().getString("field")).isEqualTo("address");
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.bodyAsJsonObject().getString("type")).endsWith("/too-many-codes");
        assertThat(fourth.getHeader("Retry-After")).isNotBlank();
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(app.codes.count()).isEqualTo(3);
    }
}
