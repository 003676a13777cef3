package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The walk-through of the README, over HTTP: register, deposit, list, read, break-glass, audit verify. */
@ExtendWith(PlatformExtension.class)
class ProfessionalApiIT {
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
    }

    @Test
    void registeringIsIdempotent() {
        String ins = Identities.ins();
        String path = "/api/v1/admin/patients/" + ins;
        HttpResponse<Buffer> first = dmp.send(HttpMethod.PUT, path, dmp.admin(), Dmp.person("ACTIVE"));
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
        assertThat(first.bodyAsJsonObject()).isEqualTo(new JsonObject().put("created", true).put("state", "ACTIVE"));
        HttpResponse<Buffer> again = dmp.send(HttpMethod.PUT, path, dmp.admin(), Dmp.person("ACTIVE"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.bodyAsJsonObject().getBoolean("created")).isFalse();
    }

    @Test
    void aDepositedDocumentIsListedAndReadBack() {
        String ins = dmp.activePatient();
        // The practice software opens a care context when the patient's card is read, then deposits and reads.
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        byte[] pdf = "%PDF-1.7 compte rendu".getBytes(StandardCharsets.UTF_8);
        JsonObject document = new JsonObject()
                .put("classCode", Dmp.CONSULTATION_NOTE)
                .put("title", "Consultation du 14 mai")
                .put("contentType", "application/pdf")
                .put("content", Base64.getEncoder().encodeToString(pdf));

        HttpResponse<Buffer> created = dmp.deposit(physician, ins, document);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String id = created.bodyAsJsonObject().getString("id");
        assertThat(created.getHeader("Location")).isEqualTo("/api/v1/documents/" + id);

        HttpResponse<Buffer> list = dmp.list(physician, ins);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject listed = list.bodyAsJsonObject().getJsonArray("documents").getJsonObject(0);
        assertThat(listed.getString("id")).isEqualTo(id);
        assertThat(listed.getString("classCode")).isEqualTo(Dmp.CONSULTATION_NOTE);
        assertThat(listed.getString("title")).isEqualTo("Consultation du 14 mai");
        assertThat(listed.getString("contentType")).isEqualTo("application/pdf");
        assertThat(listed.getLong("size")).isEqualTo(pdf.length);

        HttpResponse<Buffer> read = dmp.get(created.getHeader("Location"), physician);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(read.getHeader("X-Content-Type-Original")).isEqualTo("application/pdf");
        assertThat(read.body().getBytes()).isEqualTo(pdf);
    }

    @Test
    void aDepositedScriptIsServedAsAnAttachmentNeverAsActiveContent() {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        String page = "<html><script>fetch('/api/v1/admin/audit/verify')</script></html>";
        for (String type : java.util.List.of("text/html", "image/svg+xml", "application/javascript")) {
            HttpResponse<Buffer> created = dmp.deposit(physician, ins, new JsonObject()
                    .put("classCode", Dmp.CONSULTATION_NOTE).put("title", "page").put("contentType", type)
                    .put("content", java.util.Base64.getEncoder().encodeToString(page.getBytes())));
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);

            HttpResponse<Buffer> read = dmp.get(created.getHeader("Location"), physician);

            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.getHeader("Content-Type")).as(type).isEqualTo("application/octet-stream");
            assertThat(read.getHeader("Content-Disposition")).isEqualTo("attachment");
            assertThat(read.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(read.getHeader("X-Content-Type-Original")).isEqualTo(type);
            assertThat(read.bodyAsString()).isEqualTo(page);
        }
    }

    @Test
    void documentsAreListedNewestFirst() {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        String older = dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "first");
        String newer = dmp.deposited(physician, ins, "11502-2", "second");
        JsonArray documents = dmp.list(physician, ins).bodyAsJsonObject().getJsonArray("documents");
        assertThat(documents.stream().map(d -> ((JsonObject) d).getString("id"))).containsExactly(newer, older);
    }

    @Test
    void breakGlassGivesTheDocumentsVisibleInAnEmergency() {
        String ins = dmp.activePatient();
        String id = dmp.deposited(dmp.inCare(dmp.physician(Identities.rpps()), ins), ins, Dmp.CONSULTATION_NOTE,
                "note");
        // In an emergency no care context is needed.
        HttpResponse<Buffer> r = dmp.breakGlass(dmp.physician(Identities.rpps()), ins,
                "patient unconscious in the emergency room");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getJsonArray("documents").stream()
                .map(d -> ((JsonObject) d).getString("id"))).contains(id);
    }

    @Test
    void theAuditChainVerifiesAfterActivity() {
        String ins = dmp.activePatient();
        String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
        dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "note");
        dmp.list(physician, ins);
        HttpResponse<Buffer> r = dmp.get("/api/v1/admin/audit/verify", dmp.admin());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject v = r.bodyAsJsonObject();
        assertThat(v.getBoolean("ok")).isTrue();
        assertThat(v.getLong("entries")).isGreaterThanOrEqualTo(3);
        assertThat(v.containsKey("firstBreak")).isTrue();
        assertThat(v.getValue("firstBreak")).isNull();
    }

    @Test
    void everyResponseCarriesARequestIdAndTheClientsIsKept() {
        HttpResponse<Buffer> generated = dmp.get("/health/live", null);
        assertThat(generated.getHeader("X-Request-Id")).hasSizeGreaterThanOrEqualTo(8);
        HttpResponse<Buffer> kept = Dmp.await(dmp.request(HttpMethod.GET, "/health/live", null)
                .putHeader("X-Request-Id", "client-req-0001").send());
        assertThat(kept.getHeader("X-Request-Id")).isEqualTo("client-req-0001");
        HttpResponse<Buffer> unsafe = Dmp.await(dmp.request(HttpMethod.GET, "/health/live", null)
                .putHeader("X-Request-Id", "<script>alert(1)</script>").send());
        assertThat(unsafe.getHeader("X-Request-Id")).doesNotContain("<");
    }
}
