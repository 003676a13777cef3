package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What schemathesis found against the running gateway (reliability/run.sh), each kept as a regression test. */
@ExtendWith(PlatformExtension.class)
class FuzzFindingsIT {
    private static Dmp dmp;
    private static String token;

    @BeforeAll
    static void patient(Dmp platform) {
        dmp = platform;
        token = TestPatient.registered(dmp).login(dmp);
    }

    /** Was a 500 (Enum.valueOf(null)): an explicit null channel is a wrong value, a 400; absent is the default. */
    @Test
    void alertsWithANullChannelAreRefusedAndWithoutOneKeepTheDefault() {
        JsonObject alerts = new JsonObject().put("everyAccess", false).put("firstAccessByProfessional", true)
                .put("newDocument", false);
        HttpResponse<Buffer> nullChannel = dmp.send(HttpMethod.PUT, "/api/v1/me/alerts", token,
                alerts.copy().putNull("channel"));
        assertThat(nullChannel.statusCode()).as(nullChannel.bodyAsString()).isEqualTo(400);
        HttpResponse<Buffer> none = dmp.send(HttpMethod.PUT, "/api/v1/me/alerts", token, alerts);
        assertThat(none.statusCode()).as(none.bodyAsString()).isEqualTo(204);
    }

    /** Was a 200 (page -1 read as page 0): the contract's minimum is enforced. */
    @Test
    void aNegativeHistoryPageIsABadRequest() {
        HttpResponse<Buffer> r = dmp.get("/api/v1/me/access-history?page=-1", token);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(dmp.get("/api/v1/me/access-history?page=0", token).statusCode()).isEqualTo(200);
    }

    /**
     * Were 500s (an explicit null unboxed, or dereferenced): {@code "newDocument": null} on the alerts, {@code null}
     * for an optional text, flag, object or array of the directives and the medical profile. Each is the client's
     * 400 problem naming the field; absent fields keep their defaults.
     */
    @Test
    void anExplicitNullForAnOptionalFieldIsABadRequest() {
        JsonObject alerts = new JsonObject().put("everyAccess", false).put("firstAccessByProfessional", true)
                .put("channel", "SMS");
        for (String flag : new String[] {"everyAccess", "firstAccessByProfessional", "newDocument"}) {
            HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/me/alerts", token, alerts.copy().putNull(flag));
            assertThat(r.statusCode()).as(flag + ": " + r.bodyAsString()).isEqualTo(400);
            assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(r.bodyAsString()).contains(flag);
        }
        JsonObject directives = new JsonObject().put("model", "B_GOOD_HEALTH");
        for (String field : new String[] {"freeText", "underLegalProtection", "treatments"}) {
            HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/me/directives", token,
                    directives.copy().putNull(field));
            assertThat(r.statusCode()).as(field + ": " + r.bodyAsString()).isEqualTo(400);
            assertThat(r.bodyAsString()).contains(field);
        }
        HttpResponse<Buffer> person = dmp.send(HttpMethod.PUT, "/api/v1/me/directives", token,
                directives.copy().put("trustedPerson", new JsonObject().putNull("name")));
        assertThat(person.statusCode()).as(person.bodyAsString()).isEqualTo(400);
        for (JsonObject profile : new JsonObject[] {new JsonObject().putNull("allergies"),
                new JsonObject().putNull("emergencyContacts"),
                new JsonObject().put("emergencyContacts", new io.vertx.core.json.JsonArray().addNull())}) {
            HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/me/medical-profile", token, profile);
            assertThat(r.statusCode()).as(profile + ": " + r.bodyAsString()).isEqualTo(400);
            assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        }
        HttpResponse<Buffer> none = dmp.send(HttpMethod.PUT, "/api/v1/me/alerts", token, alerts);
        assertThat(none.statusCode()).as(none.bodyAsString()).isEqualTo(204);
    }

    /**
     * Were accepted: a string field given another JSON type was read as its text (Vert.x's getString: an emergency
     * contact named "{}" was stored), and an over-long trusted-person contact beside a blank name was ignored
     * instead of refused. Both are 400 now and nothing is stored.
     */
    @Test
    void aStringFieldOfAnotherTypeOrAnIgnoredOverlongFieldIsABadRequest() {
        HttpResponse<Buffer> contact = dmp.send(HttpMethod.PUT, "/api/v1/me/medical-profile", token,
                new JsonObject().put("bloodGroup", "A+").put("allergies", "").put("emergencyContacts",
                        new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", new JsonObject())
                                .put("phone", "+33612345678"))));
        assertThat(contact.statusCode()).as(contact.bodyAsString()).isEqualTo(400);
        assertThat(contact.getHeader("Content-Type")).startsWith("application/problem+json");
        HttpResponse<Buffer> number = dmp.send(HttpMethod.PUT, "/api/v1/me/medical-profile", token,
                new JsonObject().put("allergies", 12));
        assertThat(number.statusCode()).as(number.bodyAsString()).isEqualTo(400);
        HttpResponse<Buffer> person = dmp.send(HttpMethod.PUT, "/api/v1/me/directives", token,
                new JsonObject().put("model", "B_GOOD_HEALTH").put("trustedPerson",
                        new JsonObject().put("name", "").put("contact", "x".repeat(201))));
        assertThat(person.statusCode()).as(person.bodyAsString()).isEqualTo(400);
        assertThat(person.bodyAsString()).contains("trustedPerson.contact");
        HttpResponse<Buffer> fine = dmp.send(HttpMethod.PUT, "/api/v1/me/directives", token,
                new JsonObject().put("model", "B_GOOD_HEALTH").put("trustedPerson",
                        new JsonObject().put("name", "").put("contact", "x".repeat(200))));
        assertThat(fine.statusCode()).as(fine.bodyAsString()).isEqualTo(200);
    }

    /** Was a 500 (ClassCastException in a typed getter): a field of the wrong JSON type is the client's 400. */
    @Test
    void aFieldOfTheWrongJsonTypeIsABadRequest() {
        HttpResponse<Buffer> emergency = dmp.send(HttpMethod.PUT, "/api/v1/me/emergency-access", token,
                new JsonObject().put("opposed", new JsonObject()));
        assertThat(emergency.statusCode()).as(emergency.bodyAsString()).isEqualTo(400);
        assertThat(emergency.getHeader("Content-Type")).startsWith("application/problem+json");
        HttpResponse<Buffer> alerts = dmp.send(HttpMethod.PUT, "/api/v1/me/alerts", token,
                new JsonObject().put("everyAccess", "yes"));
        assertThat(alerts.statusCode()).as(alerts.bodyAsString()).isEqualTo(400);
    }

    /** Was an empty 414 without a content type (Netty's decoder refused the request line before any route). */
    @Test
    void anOverlongRequestLineIsAProblemDocument() {
        String reason = "x".repeat(5_000);
        HttpResponse<Buffer> r = await(dmp.request(HttpMethod.GET, "/api/v1/patients/" + Identities.ins()
                + "/care-history?emergencyReason=" + reason, dmp.physician(Identities.rpps())).send());
        Dmp.problem(r, 414, "uri-too-long");
    }

    /** Was a 405 without Allow (RFC 9110 requires it), on every path of the contract. */
    @Test
    void anUndeclaredMethodNamesTheAllowedOnes() {
        HttpResponse<Buffer> r = await(dmp.request(HttpMethod.TRACE, "/api/v1/admin/campaigns/x", dmp.admin()).send());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.getHeader("Allow")).isEqualTo("GET");
        HttpResponse<Buffer> me = await(dmp.request(HttpMethod.PATCH, "/api/v1/me/alerts", token).send());
        assertThat(me.statusCode()).isEqualTo(405);
        assertThat(me.getHeader("Allow")).isEqualTo("PUT");
    }

    /** Named {@code receiptCode}, the store's field, where this API's request field is {@code verificationCode}. */
    @Test
    void aWrongWithdrawalCodeNamesTheRequestField() {
        String invited = TestPatient.registered(dmp, "INVITED").login(dmp);
        HttpResponse<Buffer> opposed = dmp.send(HttpMethod.POST, "/api/v1/me/opposition", invited, new JsonObject());
        assertThat(opposed.statusCode()).as(opposed.bodyAsString()).isEqualTo(201);
        HttpResponse<Buffer> r = dmp.send(HttpMethod.POST, "/api/v1/me/opposition/withdrawal", invited,
                new JsonObject().put("verificationCode", "ABCD-EFGH"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains("verificationCode").doesNotContain("receiptCode");
    }
}
