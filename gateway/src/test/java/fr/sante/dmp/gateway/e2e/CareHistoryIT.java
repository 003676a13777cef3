package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.cli.FeedCommand;
import fr.sante.dmp.gateway.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The insurer-fed care history through the running platform: the insurer's NDJSON over HTTP, the quarantine seen by
 * professionals, the patient's own view and choices through /api/v1/me, and who may feed or read.
 */
@ExtendWith(PlatformExtension.class)
class CareHistoryIT {
    private static final String FEED = "/api/v1/feed/care-history";
    private static final String NDJSON = "application/x-ndjson";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void replayedBatchStoresNothingTwiceAndRejectedLinesAreReportedByLineNumber(Dmp dmp) {
        String ins = dmp.activePatient();
        String unknown = Identities.ins();
        String batch = String.join("\n",
                line("A-" + ins, ins, TODAY.minusMonths(2), "GS", "Consultation"),
                line("B-" + ins, ins, TODAY.minusMonths(5), "3400930000000", "Amoxicilline"),
                "{not json",
                line("D-" + ins, ins, TODAY.minusMonths(1), "GS", "Consultation").replace(
                        TODAY.minusMonths(1).toString(), "2026-13-45"),
                line("E-unknown", unknown, TODAY.minusMonths(1), "GS", "Consultation")) + "\n";

        JsonObject first = report(feed(dmp, insurer(dmp), batch));
        JsonObject again = report(feed(dmp, insurer(dmp), batch));

        assertThat(first.getLong("received")).isEqualTo(5);
        assertThat(first.getLong("stored")).isEqualTo(2);
        assertThat(first.getLong("duplicates")).isZero();
        assertThat(first.getLong("rejected")).isEqualTo(3);
        JsonArray rejections = first.getJsonArray("rejections");
        assertThat(rejections.stream().map(r -> ((JsonObject) r).getLong("lineNumber"))).containsExactly(3L, 4L, 5L);
        assertThat(rejections.stream().map(r -> ((JsonObject) r).getString("reason")))
                .containsExactly("MALFORMED_JSON", "INVALID_DATE", "UNKNOWN_PATIENT");
        assertThat(first.getJsonObject("byReason").getLong("UNKNOWN_PATIENT")).isEqualTo(1);
        assertThat(first.encode()).doesNotContain(unknown);
        assertThat(again.getLong("stored")).isZero();
        assertThat(again.getLong("duplicates")).isEqualTo(2);
        assertThat(again.getLong("rejected")).isEqualTo(3);
    }

    @Test
    void quarantinedHistoryShowsToTheTreatingDoctorAndThePatientButNotToAnotherPhysician(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String treatingRpps = Identities.rpps();
        String treating = dmp.physician(treatingRpps);
        dmp.registerProfessional(treatingRpps, "10"); // only a physician of the directory can be chosen
        // Another physician in care with the patient: the quarantine, not the missing relationship, keeps them out.
        String other = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        String token = p.login(dmp);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/treating-doctor", token,
                new JsonObject().put("rpps", treatingRpps)).statusCode()).isEqualTo(204);
        report(feed(dmp, insurer(dmp), line("A-" + p.ins(), p.ins(), TODAY.minusMonths(1), "GS", "Consultation") + "\n"
                + line("B-" + p.ins(), p.ins(), TODAY.minusMonths(3), "DEQP003", "Électrocardiogramme") + "\n"));

        JsonObject quarantined = Dmp.problem(dmp.get(history(p.ins()), other), 403, "consent-denied");
        assertThat(quarantined.getString("rule")).isEqualTo("care-history-quarantine");
        assertThat(lineIds(dmp.get(history(p.ins()), treating))).containsExactly("A-" + p.ins(), "B-" + p.ins());
        HttpResponse<Buffer> own = dmp.get("/api/v1/me/care-history", token);
        assertThat(lineIds(own)).containsExactly("A-" + p.ins(), "B-" + p.ins());
        JsonObject newest = own.bodyAsJsonObject().getJsonArray("lines").getJsonObject(0);
        assertThat(newest.getString("label")).isEqualTo("Consultation");
        assertThat(newest.getString("amount")).isEqualTo("26.50");
        assertThat(newest.getString("patientChoice")).isEqualTo("NONE");
    }

    @Test
    void patientHidesALineFromEveryoneAndOpensTheRestToOtherProfessionals(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp);
        String other = dmp.inCare(dmp.physician(Identities.rpps()), p.ins());
        report(feed(dmp, insurer(dmp), line("A-" + p.ins(), p.ins(), TODAY.minusMonths(1), "GS", "Consultation") + "\n"
                + line("B-" + p.ins(), p.ins(), TODAY.minusMonths(3), "GS", "Consultation") + "\n"));
        String token = p.login(dmp);

        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/care-history/lines/A-" + p.ins() + "/hidden", token,
                new JsonObject()).statusCode()).isEqualTo(204);
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/care-history/open", token,
                new JsonObject().put("open", true)).statusCode()).isEqualTo(204);

        assertThat(lineIds(dmp.get(history(p.ins()), other))).containsExactly("B-" + p.ins());
        assertThat(dmp.send(HttpMethod.DELETE, "/api/v1/me/care-history/lines/A-" + p.ins() + "/hidden", token,
                new JsonObject()).statusCode()).isEqualTo(204);
        assertThat(lineIds(dmp.get(history(p.ins()), other))).containsExactly("A-" + p.ins(), "B-" + p.ins());
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/care-history/lines/nope/hidden", token, new JsonObject())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aFeedTokenCannotReadAndAReadTokenCannotFeed(Dmp dmp) {
        String ins = dmp.activePatient();
        String batch = line("A-" + ins, ins, TODAY.minusMonths(1), "GS", "Consultation") + "\n";

        Dmp.problem(dmp.get(history(ins), insurer(dmp)), 403, "insufficient-scope");
        Dmp.problem(dmp.get("/api/v1/patients/" + ins + "/documents", insurer(dmp)), 403, "insufficient-scope");
        Dmp.problem(feed(dmp, dmp.physician(Identities.rpps()), batch), 403, "insufficient-scope");
        // The scope alone is not enough: only the insurer's category feeds.
        String notInsurer = dmp.professional(Identities.rpps(), "10", "dmp:feed");
        JsonObject denied = Dmp.problem(feed(dmp, notInsurer, batch), 403, "consent-denied");
        assertThat(denied.getString("rule")).isEqualTo("care-history-feeder-only");
        Dmp.problem(feed(dmp, null, batch), 401, "unauthenticated");
    }

    @Test
    void feedInAnotherContentTypeIsRefusedAndAnUnknownPatientIsNotFound(Dmp dmp) {
        String ins = dmp.activePatient();
        Buffer body = Buffer.buffer(line("A-" + ins, ins, TODAY.minusMonths(1), "GS", "Consultation"));

        Dmp.problem(await(dmp.request(HttpMethod.POST, FEED, insurer(dmp)).putHeader("Content-Type",
                "application/json").putHeader("Connection", "close").sendBuffer(body)), 400,
                "unsupported-content-type");
        Dmp.problem(dmp.get(history(Identities.ins()), dmp.physician(Identities.rpps())), 404, "not-found");
    }

    @Test
    void dmpFeedStoresAFilesLinesSoThatTheSameBatchOverHttpIsAllDuplicates(Dmp dmp) throws Exception {
        String ins = dmp.activePatient();
        String batch = line("A-cli", ins, TODAY.minusMonths(1), "GS", "Consultation") + "\r\n\n"
                + line("B-cli", ins, TODAY.minusMonths(2), "GS", "Consultation") + "\n";
        Path file = Files.createTempFile("care-history", ".ndjson");
        try {
            Files.writeString(file, batch);
            GatewayConfig config = GatewayConfig.load(Map.of(
                    GatewayConfig.DATA_DIR, dmp.platform.config().dataDir().toString(),
                    GatewayConfig.PG_URL, dmp.pgUri()));

            assertThat(FeedCommand.run(config, List.of(file.toString()))).isZero();
        } finally {
            Files.deleteIfExists(file);
        }

        JsonObject overHttp = report(feed(dmp, insurer(dmp), batch));
        assertThat(overHttp.getLong("stored")).isZero();
        assertThat(overHttp.getLong("duplicates")).isEqualTo(2);
    }

    // ---- helpers ----

    private static String insurer(Dmp dmp) {
        return dmp.professional(Identities.rpps(), "10", "insurer-feed", "dmp:feed");
    }

    private static HttpResponse<Buffer> feed(Dmp dmp, String token, String ndjson) {
        // A refused feed is answered before its body is read; a kept-alive connection with an unread body would be
        // handed to the next test's request, so each feed uses its own connection.
        return await(dmp.request(HttpMethod.POST, FEED, token).putHeader("Content-Type", NDJSON)
                .putHeader("Connection", "close").sendBuffer(Buffer.buffer(ndjson)));
    }

    private static JsonObject report(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        return r.bodyAsJsonObject();
    }

    private static String history(String ins) {
        return "/api/v1/patients/" + ins + "/care-history";
    }

    private static List<String> lineIds(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("lines").stream()
                .map(l -> ((JsonObject) l).getString("lineId")).toList();
    }

    private static String line(String lineId, String ins, LocalDate date, String code, String label) {
        return new JsonObject().put("lineId", lineId).put("ins", ins).put("dateOfCare", date.toString())
                .put("kind", code.length() > 10 ? "DRUG" : "ACT").put("code", code).put("label", label)
                .put("amount", "26.50").encode();
    }
}
