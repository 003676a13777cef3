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

/** A registered person with a phone number of their own, so that the dev inbox tells their codes apart. */
record TestPatient(String ins, String phone, String birthDate) {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String BIRTH_DATE = "1985-05-14";

    static TestPatient registered(Dmp dmp) {
        return registered(dmp, "ACTIVE");
    }

    /** Registered in this state (ACTIVE or INVITED). */
    static TestPatient registered(Dmp dmp, String state) {
        return registered(dmp, state, BIRTH_DATE, "Camille", "Martin");
    }

    /** Registered ACTIVE, born on this day, with this name (a minor, a parent...). */
    static TestPatient born(Dmp dmp, String birthDate, String givenName, String familyName) {
        return registered(dmp, "ACTIVE", birthDate, givenName, familyName);
    }

    static TestPatient registered(Dmp dmp, String state, String birthDate, String givenName, String familyName) {
        // 061x: always a valid mobile for libphonenumber (a random 06 number may be 0639x or 069x, which are not).
        String phone = "+3361" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String ins = Identities.ins();
        JsonObject person = Dmp.person(state).put("phone", phone).put("birthDate", birthDate)
                .put("givenName", givenName).put("familyName", familyName);
        HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + ins, dmp.admin(), person);
        assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
        return new TestPatient(ins, phone, birthDate);
    }

    /** Asks for a code, reads it from the dev inbox, exchanges it for a bearer token. */
    String login(Dmp dmp) {
        return login(dmp, dmp.client);
    }

    /**
     * The same through this client: one bound to another loopback address keeps a test that logs many people in
     * clear of the patient space's per-address login limit, which every IT of the run shares.
     */
    String login(Dmp dmp, io.vertx.ext.web.client.WebClient from) {
        int before = messages(dmp).size();
        JsonObject identity = new JsonObject().put("ins", ins).put("birthDate", birthDate);
        HttpResponse<Buffer> asked = await(from.post("/api/v1/me/login").sendJsonObject(identity));
        assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
        HttpResponse<Buffer> verified = await(from.post("/api/v1/me/login/verify")
                .sendJsonObject(identity.copy().put("code", nextCode(dmp, before))));
        assertThat(verified.statusCode()).as(verified.bodyAsString()).isEqualTo(200);
        String token = verified.bodyAsJsonObject().getString("token");
        assertThat(token).isNotBlank();
        return token;
    }

    /**
     * The code in the first message with one after the {@code before} first ones, waiting for the dispatcher. Messages
     * without a code are passed over: an access alert (the patient's chosen alerts, sent by the alert feed a few
     * seconds after a professional's access) may arrive in between.
     */
    String nextCode(Dmp dmp, int before) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonArray messages = messages(dmp);
            for (int i = before; i < messages.size(); i++) {
                Matcher m = CODE.matcher(messages.getJsonObject(i).getString("body"));
                if (m.find()) {
                    return m.group(1);
                }
            }
            await(dmp.vertx.timer(100));
        }
        throw new AssertionError("no message with a 6-digit code reached the dev inbox within 15 s");
    }

    JsonArray messages(Dmp dmp) {
        int port = dmp.platform.inboxPort().orElseThrow();
        HttpRequest<Buffer> get = dmp.client.get(port, "127.0.0.1", "/api/messages").addQueryParam("to", phone);
        HttpResponse<Buffer> r = await(get.send());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonArray();
    }
}
