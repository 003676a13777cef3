package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client's mistake is a 400 naming the field (or 404, 413), never a 500, never a stack trace. */
@ExtendWith(PlatformExtension.class)
class InputValidationIT {
    private static Dmp dmp;
    private static String ins;
    /** One physician per test: the class sends more requests than one client's bucket holds (burst 30, 2/s). */
    private String physician;

    @BeforeAll
    static void patient(Dmp platform) {
        dmp = platform;
        ins = dmp.activePatient();
    }

    @BeforeEach
    void physicianInCare() {
        physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
    }

    private static String field(HttpResponse<Buffer> r, String type) {
        return problem(r, 400, type).getString("field");
    }

    @Test
    void anInsOfTheWrongShapeIsRejectedNamingIns() {
        assertThat(field(dmp.list(physician, "12345"), "invalid-field")).isEqualTo("ins");
        assertThat(field(dmp.deposit(physician, "1850575123456XX",
                Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x")), "invalid-field")).isEqualTo("ins");
    }

    @Test
    void anInsWithAWrongKeyIsRejectedNamingIns() {
        HttpResponse<Buffer> r = dmp.list(physician, Identities.insWithWrongKey());
        assertThat(field(r, "invalid-field")).isEqualTo("ins");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("key");
    }

    @Test
    void theRejectedInsIsNeverEchoed() {
        String wrong = Identities.insWithWrongKey();
        assertThat(dmp.list(physician, wrong).bodyAsString()).doesNotContain(wrong);
    }

    @Test
    void anUnknownClassCodeIsRejectedNamingClassCode() {
        HttpResponse<Buffer> r = dmp.deposit(physician, ins, Dmp.document("99999-9", "Note", "x"));
        assertThat(field(r, "invalid-field")).isEqualTo("classCode");
    }

    @Test
    void aMissingFieldIsRejectedNamingIt() {
        JsonObject doc = Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x");
        doc.remove("title");
        assertThat(field(dmp.deposit(physician, ins, doc), "invalid-field")).isEqualTo("title");
    }

    @Test
    void anUnknownFieldIsRejectedNamingIt() {
        JsonObject doc = Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x").put("colour", "red");
        assertThat(field(dmp.deposit(physician, ins, doc), "invalid-field")).isEqualTo("colour");
    }

    @Test
    void aFieldOfTheWrongTypeIsRejectedNamingIt() {
        JsonObject doc = Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x").put("withheldFromPatient", "yes");
        assertThat(field(dmp.deposit(physician, ins, doc), "invalid-field")).isEqualTo("withheldFromPatient");
    }

    @Test
    void contentThatIsNotBase64IsRejectedNamingContent() {
        JsonObject doc = Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x").put("content", "***not base64***");
        assertThat(field(dmp.deposit(physician, ins, doc), "invalid-field")).isEqualTo("content");
    }

    @Test
    void contentWithALineBreakOrWithoutPaddingIsRejectedAsTheContractSays() {
        for (String bad : List.of("QUJD\nREV", "QUJDRA", "QU=DREVG")) {
            JsonObject doc = Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x").put("content", bad);
            assertThat(field(dmp.deposit(physician, ins, doc), "invalid-field")).isEqualTo("content");
        }
        JsonObject padded = Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x").put("content", "QUJDRA==");
        assertThat(dmp.deposit(physician, ins, padded).statusCode()).isEqualTo(201);
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() {
        HttpResponse<Buffer> r = dmp.sendRaw(HttpMethod.POST, "/api/v1/patients/" + ins + "/documents", physician,
                "application/json", Buffer.buffer("{\"classCode\": "));
        assertThat(field(r, "malformed-body")).isEqualTo("body");
    }

    @Test
    void aBodyOfAnotherContentTypeIsRejectedNamingContentType() {
        HttpResponse<Buffer> r = dmp.sendRaw(HttpMethod.POST, "/api/v1/patients/" + ins + "/documents", physician,
                "text/plain", Buffer.buffer("hello"));
        assertThat(field(r, "unsupported-content-type")).isEqualTo("Content-Type");
    }

    @Test
    void aMissingBodyIsRejected() {
        HttpResponse<Buffer> r = dmp.sendRaw(HttpMethod.POST, "/api/v1/patients/" + ins + "/documents", physician,
                null, Buffer.buffer());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("body");
    }

    @Test
    void aBodyOverTwentyMebibytesIsTooLarge() {
        Buffer big = Buffer.buffer(new byte[20 * 1024 * 1024 + 1]);
        HttpResponse<Buffer> r = dmp.sendRaw(HttpMethod.POST, "/api/v1/patients/" + ins + "/documents", physician,
                "application/json", big);
        problem(r, 413, "payload-too-large");
    }

    @Test
    void aBreakGlassReasonUnderTenCharactersIsRejectedNamingReason() {
        assertThat(field(dmp.breakGlass(physician, ins, "urgent"), "invalid-field")).isEqualTo("reason");
        assertThat(field(dmp.breakGlass(physician, ins, "   urgent       "), "invalid-field")).isEqualTo("reason");
    }

    /**
     * Security review, item 15: an invalid value of a declared field was reported as "reason is not a known field"
     * (the validator also flags a declared property whose value fails as an additional property). The detail says
     * what is wrong with the value; only a field the contract does not declare is "not a known field".
     */
    @Test
    void anInvalidValueIsReportedForWhatItIsNeverAsAnUnknownField() {
        String breakGlass = "/api/v1/patients/" + ins + "/break-glass";
        assertThat(detail(dmp.breakGlass(physician, ins, "urgent"), "reason")).isEqualTo("reason has the wrong length");
        assertThat(detail(dmp.breakGlass(physician, ins, "x".repeat(2001)), "reason"))
                .isEqualTo("reason has the wrong length");
        assertThat(detail(dmp.send(HttpMethod.POST, breakGlass, physician, new JsonObject().put("reason", 12345678901L)),
                "reason")).isEqualTo("reason has the wrong type");
        assertThat(detail(dmp.send(HttpMethod.POST, breakGlass, physician, new JsonObject()), "reason"))
                .isEqualTo("reason is required");
        assertThat(detail(dmp.send(HttpMethod.POST, breakGlass, physician,
                new JsonObject().put("reason", "patient unconscious").put("urgency", "high")), "urgency"))
                .isEqualTo("urgency is not a known field");
        assertThat(detail(dmp.deposit(physician, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x")
                .put("withheldFromPatient", "yes")), "withheldFromPatient"))
                .isEqualTo("withheldFromPatient has the wrong type");
        assertThat(detail(dmp.deposit(physician, ins, Dmp.document(Dmp.CONSULTATION_NOTE, "N".repeat(600), "x")),
                "title")).isEqualTo("title has the wrong length");
        String registration = "/api/v1/admin/patients/" + Identities.ins();
        assertThat(detail(dmp.send(HttpMethod.PUT, registration, dmp.admin(),
                Dmp.person("ACTIVE").put("birthDate", "1985-13-45")), "birthDate"))
                .isEqualTo("birthDate is not in the expected format");
        assertThat(detail(dmp.send(HttpMethod.PUT, registration, dmp.admin(), Dmp.person("CLOSED")), "state"))
                .isEqualTo("state is not one of the allowed values");
        assertThat(detail(dmp.openCareContext(physician, ins, new JsonObject().put("type", "presence")
                .put("assertion", 5)), "assertion")).isEqualTo("assertion has the wrong type");
    }

    private static String detail(HttpResponse<Buffer> r, String field) {
        JsonObject p = problem(r, 400, "invalid-field");
        assertThat(p.getString("field")).as(p.encode()).isEqualTo(field);
        return p.getString("detail");
    }

    @Test
    void aRegistrationWithAnImpossibleBirthDateIsRejectedNamingIt() {
        JsonObject person = Dmp.person("ACTIVE").put("birthDate", "1985-13-45");
        HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + Identities.ins(), dmp.admin(), person);
        assertThat(field(r, "invalid-field")).isEqualTo("birthDate");
    }

    @Test
    void aRegistrationInAnotherStateThanInvitedOrActiveIsRejectedNamingState() {
        JsonObject person = Dmp.person("PURGED");
        HttpResponse<Buffer> r = dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + Identities.ins(), dmp.admin(), person);
        assertThat(field(r, "invalid-field")).isEqualTo("state");
    }

    @Test
    void aDocumentIdThatIsNotAUuidIsRejectedNamingId() {
        assertThat(field(dmp.get("/api/v1/documents/not-a-uuid", physician), "invalid-field")).isEqualTo("id");
    }

    @Test
    void anUnknownDocumentIsNotFound() {
        problem(dmp.get("/api/v1/documents/" + UUID.randomUUID(), physician), 404, "not-found");
    }

    @Test
    void anUnregisteredPatientIsNotFound() {
        problem(dmp.list(physician, Identities.ins()), 404, "not-found");
        problem(dmp.deposit(physician, Identities.ins(), Dmp.document(Dmp.CONSULTATION_NOTE, "Note", "x")),
                404, "not-found");
    }

    @Test
    void anUnknownRouteIsAProblemToo() {
        problem(dmp.get("/nowhere", null), 404, "not-found");
    }
}
