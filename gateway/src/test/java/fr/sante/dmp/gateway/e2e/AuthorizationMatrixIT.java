package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operation of the contract × every kind of caller → the one expected status, and never a byte of the patient's
 * documents to a caller the consent rules do not allow. The operation list is read from {@code openapi.yaml}: an
 * operation added to the contract without its row here fails {@link #everyOperationOfTheContractHasARow()}.
 */
@ExtendWith(PlatformExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixIT {

    /**
     * The kinds of caller. ADMIN and FEEDER are the rightful callers of the admin and feed operations; REPRESENTATIVE
     * is the patient's person of trust with an acting-for token (issue 16): in the patient's space, what the patient
     * may do except the choices only the person makes (directives, hiding from representatives, care-history lines).
     */
    enum Actor {
        PATIENT, OTHER_PATIENT, RIGHT_PRO, OTHER_PRO, BLOCKED_PRO, INSURER,
        NO_TOKEN, EXPIRED, OTHER_ISSUER, ALG_NONE, WRONG_AUDIENCE, ADMIN, FEEDER, REPRESENTATIVE
    }

    private static final Pattern OPERATION_ID = Pattern.compile("^\\s+operationId:\\s*(\\w+)\\s*$", Pattern.MULTILINE);
    private static final String CSV = "text/csv";
    private static final String NDJSON = "application/x-ndjson";

    private static Dmp dmp;
    private static World shared;

    @BeforeAll
    static void world(Dmp platform) {
        dmp = platform;
        shared = World.create(dmp);
    }

    /** A row: the request (built against a world) and the expected status for each actor. */
    /**
     * {@code mutates}: the row changes the patient's record or session. All rows share one world, so the order of
     * {@link #rows()} matters: professional rows first, then the patient's reads, then the changes (unmasking,
     * unblocking, the treating doctor replaced), closing and logging out last. One world keeps the logins under the
     * per-address limit that every IT of the run shares.
     */
    record Row(String operationId, HttpMethod method, String path, String contentType, Body body, boolean mutates,
            Map<Actor, Integer> expected) {
    }

    interface Body {
        Buffer of(World w);
    }

    /**
     * Expected statuses, in {@link Actor} order, as a string of codes: the six identities, then the five callers
     * whose token is absent or not acceptable, then ADMIN and FEEDER, then REPRESENTATIVE. "pro" rows: any patient
     * token is not a JWT (401); "patient" rows: any professional JWT is not a patient session (401).
     */
    private static Map<Actor, Integer> codes(String spec) {
        String[] parts = spec.trim().split("\\s+");
        assertThat(parts).hasSize(Actor.values().length);
        Map<Actor, Integer> m = new EnumMap<>(Actor.class);
        for (Actor a : Actor.values()) {
            m.put(a, Integer.parseInt(parts[a.ordinal()]));
        }
        return m;
    }

    private static final String UNAUTH = "401 401 401 401 401 ";

    /** A professional read: the patient's identities 401, then pros, then invalid tokens, then admin, feeder. */
    private static String pro(String patient, String right, String other, String blocked, String insurer,
            String admin, String feeder) {
        return patient + " " + patient + " " + right + " " + other + " " + blocked + " " + insurer + " " + UNAUTH
                + admin + " " + feeder + " " + patient;
    }

    /** A patient operation: owner, other patient, then every JWT is 401; the representative as the owner. */
    private static String me(String owner, String other) {
        return me(owner, other, owner);
    }

    /** A patient operation the owner's representative (acting for them) gets {@code representative} for. */
    private static String me(String owner, String other, String representative) {
        return owner + " " + other + " 401 401 401 401 " + UNAUTH + "401 401 " + representative;
    }

    /** An operation without authentication: everyone gets the same answer. */
    private static String open(String status) {
        return (status + " ").repeat(Actor.values().length);
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Body none = w -> null;
        Body empty = w -> Buffer.buffer("{}");
        // ---- professional API ----
        rows.add(new Row("registerPatient", HttpMethod.PUT, "/api/v1/admin/patients/{newIns}", null,
                w -> Dmp.person("ACTIVE").toBuffer(), false, codes(pro("401", "403", "403", "403", "403", "201", "403"))));
        rows.add(new Row("depositDocument", HttpMethod.POST, "/api/v1/patients/{ins}/documents", null,
                w -> Dmp.document(Dmp.CONSULTATION_NOTE, "Deposited by the matrix", "matrix").toBuffer(), false,
                codes(pro("401", "201", "201", "403", "403", "403", "403"))));
        rows.add(new Row("listDocuments", HttpMethod.GET, "/api/v1/patients/{ins}/documents", null, none, false,
                codes(pro("401", "200", "200", "403", "403", "403", "403"))));
        rows.add(new Row("readDocument", HttpMethod.GET, "/api/v1/documents/{maskedDoc}", null, none, false,
                codes(pro("401", "200", "403", "403", "403", "403", "403"))));
        // The right professional's card-read assertion: the right one opens (or extends) a context; any other
        // professional is shown an assertion made for someone else (400); admin and feeder lack dmp:read.
        rows.add(new Row("openCareContext", HttpMethod.POST, "/api/v1/patients/{ins}/care-contexts", null,
                w -> new JsonObject().put("proof", Dmp.presenceProof(dmp.presence(w.patient.ins(), w.rightRpps)))
                        .toBuffer(), false, codes(pro("401", "201", "400", "400", "400", "403", "403"))));
        // Releasing a document that was never withheld is harmless: its author (also the treating doctor) may; another
        // physician in care reads it but may not release it.
        rows.add(new Row("releaseDocument", HttpMethod.POST, "/api/v1/documents/{plainDoc}/release", null, none,
                false, codes(pro("401", "204", "403", "403", "403", "403", "403"))));
        rows.add(new Row("registerProfessional", HttpMethod.PUT, "/api/v1/admin/professionals/{someRpps}", null,
                w -> new JsonObject().put("profession", "10").toBuffer(), false,
                codes(pro("401", "403", "403", "403", "403", "204", "403"))));
        rows.add(new Row("breakGlass", HttpMethod.POST, "/api/v1/patients/{ins}/break-glass", null,
                w -> new JsonObject().put("reason", "Patient unconscious in the emergency room").toBuffer(), false,
                codes(pro("401", "200", "200", "403", "403", "403", "403"))));
        rows.add(new Row("readDirectives", HttpMethod.GET, "/api/v1/patients/{ins}/directives", null, none, false,
                codes(pro("401", "404", "404", "403", "403", "403", "403"))));
        // The reimbursement history is quarantined: the patient and the treating doctor only, until the patient opens it.
        rows.add(new Row("readCareHistory", HttpMethod.GET, "/api/v1/patients/{ins}/care-history", null, none, false,
                codes(pro("401", "200", "403", "403", "403", "403", "403"))));
        // The break-glass review queue: the DPO or an admin sees every item; a professional sees those of the
        // patients whose treating doctor they are (an empty list for anyone else, never another doctor's items).
        rows.add(new Row("listBreakGlassReviews", HttpMethod.GET, "/api/v1/admin/break-glass-reviews", null, none,
                false, codes(pro("401", "403", "403", "403", "403", "200", "403"))));
        rows.add(new Row("markBreakGlassReviewed", HttpMethod.POST, "/api/v1/admin/break-glass-reviews/{review}/reviewed",
                null, none, false, codes(pro("401", "403", "403", "403", "403", "404", "403"))));
        rows.add(new Row("listOwnBreakGlassReviews", HttpMethod.GET, "/api/v1/break-glass-reviews", null, none, false,
                codes(pro("401", "200", "200", "200", "200", "403", "403"))));
        rows.add(new Row("markOwnBreakGlassReviewed", HttpMethod.POST, "/api/v1/break-glass-reviews/{review}/reviewed",
                null, none, false, codes(pro("401", "404", "404", "404", "404", "403", "403"))));
        // The directory answers any professional reading and a patient's session token (the patient space serves it).
        rows.add(new Row("searchDirectory", HttpMethod.GET, "/api/v1/directory?q=martin", null, none, false,
                codes(pro("200", "200", "200", "200", "200", "403", "403"))));
        rows.add(new Row("verifyAudit", HttpMethod.GET, "/api/v1/admin/audit/verify", null, none, false,
                codes(pro("401", "403", "403", "403", "403", "200", "403"))));
        rows.add(new Row("importCampaign", HttpMethod.POST, "/api/v1/admin/campaigns", CSV,
                w -> Buffer.buffer("not,a,cohort\n"), false, codes(pro("401", "403", "403", "403", "403", "400", "403"))));
        rows.add(new Row("readCampaign", HttpMethod.GET, "/api/v1/admin/campaigns/{campaign}", null, none, false,
                codes(pro("401", "403", "403", "403", "403", "404", "403"))));
        rows.add(new Row("readCampaignRejections", HttpMethod.GET, "/api/v1/admin/campaigns/{campaign}/rejections",
                null, none, false, codes(pro("401", "403", "403", "403", "403", "404", "403"))));
        // Research projects: an admin registers and ends them (a body without legal basis: 400 naming it; an unknown
        // project: 404); the DPO or an admin lists the extracts.
        rows.add(new Row("registerResearchProject", HttpMethod.POST, "/api/v1/admin/research-projects", null, empty,
                false, codes(pro("401", "403", "403", "403", "403", "400", "403"))));
        rows.add(new Row("endResearchProject", HttpMethod.POST, "/api/v1/admin/research-projects/{campaign}/end", null,
                none, false, codes(pro("401", "403", "403", "403", "403", "404", "403"))));
        rows.add(new Row("listResearchExtracts", HttpMethod.GET, "/api/v1/admin/research-extracts", null, none, false,
                codes(pro("401", "403", "403", "403", "403", "200", "403"))));
        // Representation links: an admin creates (an empty body: 400), ends (an unknown link: 404) and records the
        // directives authorisation of links (a body without its reference: 400).
        Body justified = w -> new JsonObject().put("justification", "authorisation matrix: an unknown link")
                .toBuffer();
        rows.add(new Row("createRepresentation", HttpMethod.POST, "/api/v1/admin/representations", null, empty,
                false, codes(pro("401", "403", "403", "403", "403", "400", "403"))));
        rows.add(new Row("endRepresentation", HttpMethod.DELETE, "/api/v1/admin/representations/{campaign}", null,
                justified, false, codes(pro("401", "403", "403", "403", "403", "404", "403"))));
        rows.add(new Row("recordDirectivesAuthorisation", HttpMethod.PUT,
                "/api/v1/admin/representations/{campaign}/directives-authorisation", null, justified, false,
                codes(pro("401", "403", "403", "403", "403", "400", "403"))));
        rows.add(new Row("feedCareHistory", HttpMethod.POST, "/api/v1/feed/care-history", NDJSON,
                w -> Buffer.buffer(careLine(w.patient.ins()) + "\n"), false,
                codes(pro("401", "403", "403", "403", "403", "403", "200"))));
        // ---- patient API: read-only rows on the shared world ----
        rows.add(new Row("patientOverview", HttpMethod.GET, "/api/v1/me", null, none, false, codes(me("200", "200"))));
        rows.add(new Row("patientListDocuments", HttpMethod.GET, "/api/v1/me/documents", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientReadDocument", HttpMethod.GET, "/api/v1/me/documents/{maskedDoc}", null, none, false,
                codes(me("200", "404"))));
        rows.add(new Row("patientPreview", HttpMethod.GET, "/api/v1/me/preview?profession=10", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientAccessHistory", HttpMethod.GET, "/api/v1/me/access-history", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientDirectives", HttpMethod.GET, "/api/v1/me/directives", null, none, false,
                codes(me("404", "404"))));
        rows.add(new Row("patientDirectivesHistory", HttpMethod.GET, "/api/v1/me/directives/history", null, none,
                false, codes(me("200", "200"))));
        rows.add(new Row("patientCareHistory", HttpMethod.GET, "/api/v1/me/care-history", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientMedicalProfile", HttpMethod.GET, "/api/v1/me/medical-profile", null, none, false,
                codes(me("404", "404"))));
        rows.add(new Row("patientCareContexts", HttpMethod.GET, "/api/v1/me/care-contexts", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientSearchDirectory", HttpMethod.GET, "/api/v1/me/directory?q=martin", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientRepresented", HttpMethod.GET, "/api/v1/me/represented", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientActingFor", HttpMethod.POST, "/api/v1/me/acting-for", null, empty, false,
                codes(me("400", "400"))));
        // The whole record as a ZIP (each patient their own; audited, read-only for the world).
        rows.add(new Row("patientExportRecord", HttpMethod.GET, "/api/v1/me/export", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientContact", HttpMethod.GET, "/api/v1/me/contact", null, none, false,
                codes(me("200", "200"))));
        rows.add(new Row("patientReadResearchUse", HttpMethod.GET, "/api/v1/me/research-use", null, none, false,
                codes(me("200", "200"))));
        // ---- patient API: rows that change the record (after every row that reads it) ----
        rows.add(new Row("patientMaskDocument", HttpMethod.PUT, "/api/v1/me/documents/{plainDoc}/mask", null, empty,
                true, codes(me("204", "404"))));
        rows.add(new Row("patientUnmaskDocument", HttpMethod.DELETE, "/api/v1/me/documents/{maskedDoc}/mask", null,
                none, true, codes(me("204", "404"))));
        rows.add(new Row("patientBlockProfessional", HttpMethod.PUT, "/api/v1/me/blocked/{someRpps}", null, empty,
                true, codes(me("204", "204"))));
        rows.add(new Row("patientUnblockProfessional", HttpMethod.DELETE, "/api/v1/me/blocked/{blockedRpps}", null,
                none, true, codes(me("204", "204"))));
        rows.add(new Row("patientIssueCareCode", HttpMethod.POST, "/api/v1/me/care-code", null, empty, true,
                codes(me("201", "201"))));
        rows.add(new Row("patientGrantCareContext", HttpMethod.POST, "/api/v1/me/care-contexts", null,
                w -> new JsonObject().put("rpps", w.otherRpps).put("days", 3).toBuffer(), true,
                codes(me("201", "201"))));
        rows.add(new Row("patientEndCareContext", HttpMethod.DELETE, "/api/v1/me/care-contexts/{contextId}", null,
                none, true, codes(me("404", "404"))));
        rows.add(new Row("patientGrantExpressConsent", HttpMethod.PUT, "/api/v1/me/express-consents/{otherRpps}",
                null, w -> new JsonObject().put("until", java.time.LocalDate.now().plusDays(30).toString())
                        .toBuffer(), true, codes(me("204", "204"))));
        rows.add(new Row("patientWithdrawExpressConsent", HttpMethod.DELETE,
                "/api/v1/me/express-consents/{someRpps}", null, none, true, codes(me("404", "404"))));
        rows.add(new Row("patientSetTreatingDoctor", HttpMethod.PUT, "/api/v1/me/treating-doctor", null,
                w -> new JsonObject().put("rpps", w.otherRpps).toBuffer(), true, codes(me("204", "204"))));
        rows.add(new Row("patientRemoveTreatingDoctor", HttpMethod.DELETE, "/api/v1/me/treating-doctor", null, none,
                true, codes(me("204", "204"))));
        rows.add(new Row("patientSetEmergencyAccess", HttpMethod.PUT, "/api/v1/me/emergency-access", null,
                w -> new JsonObject().put("opposed", true).toBuffer(), true, codes(me("204", "204"))));
        rows.add(new Row("patientHideFromRepresentatives", HttpMethod.PUT,
                "/api/v1/me/documents/{plainDoc}/confidential-from-representatives", null, empty, true,
                codes(me("204", "404", "403"))));
        rows.add(new Row("patientShowToRepresentatives", HttpMethod.DELETE,
                "/api/v1/me/documents/{plainDoc}/confidential-from-representatives", null, none, true,
                codes(me("204", "404", "403"))));
        rows.add(new Row("patientSetResearchUse", HttpMethod.PUT, "/api/v1/me/research-use", null,
                w -> new JsonObject().put("objected", true).toBuffer(), true, codes(me("204", "204"))));
        rows.add(new Row("patientSetAlerts", HttpMethod.PUT, "/api/v1/me/alerts", null,
                w -> new JsonObject().put("everyAccess", true).toBuffer(), true, codes(me("204", "204"))));
        rows.add(new Row("patientSaveMedicalProfile", HttpMethod.PUT, "/api/v1/me/medical-profile", null,
                w -> new JsonObject().put("bloodGroup", "A+").put("allergies", "none known").toBuffer(), true,
                codes(me("204", "204"))));
        rows.add(new Row("patientSaveDirectivesDraft", HttpMethod.PUT, "/api/v1/me/directives", null,
                w -> new JsonObject().put("model", "B_GOOD_HEALTH").put("freeText", "Written by the matrix").toBuffer(), true,
                codes(me("200", "200", "403"))));
        rows.add(new Row("patientRevokeDirectives", HttpMethod.DELETE, "/api/v1/me/directives", null, none, true,
                codes(me("409", "409", "403"))));
        rows.add(new Row("patientDirectivesSignatureCode", HttpMethod.POST, "/api/v1/me/directives/signature/code",
                null, none, true, codes(me("202", "202"))));
        rows.add(new Row("patientSignDirectives", HttpMethod.POST, "/api/v1/me/directives/signature", null,
                w -> new JsonObject().put("code", "000000").toBuffer(), true, codes(me("401", "401"))));
        rows.add(new Row("patientHideCareHistoryLine", HttpMethod.PUT,
                "/api/v1/me/care-history/lines/{lineId}/hidden", null, empty, true, codes(me("404", "404", "403"))));
        rows.add(new Row("patientShowCareHistoryLine", HttpMethod.DELETE,
                "/api/v1/me/care-history/lines/{lineId}/hidden", null, none, true, codes(me("404", "404", "403"))));
        // A code to a new address (each patient their own), a wrong code changes nothing; a patient's own document
        // added (a PDF's bytes) and a professional's document, which no patient may delete.
        rows.add(new Row("patientContactCode", HttpMethod.POST, "/api/v1/me/contact/code", null,
                w -> new JsonObject().put("kind", "email").put("address", "matrix@example.org").toBuffer(), true,
                codes(me("202", "202", "403"))));
        rows.add(new Row("patientChangeContact", HttpMethod.POST, "/api/v1/me/contact", null,
                w -> new JsonObject().put("kind", "email").put("address", "matrix@example.org")
                        .put("code", "000000").toBuffer(), true, codes(me("401", "401", "403"))));
        rows.add(new Row("patientAddDocument", HttpMethod.POST, "/api/v1/me/documents?title=Scan", "application/pdf",
                w -> Buffer.buffer("%PDF-1.4\n%%EOF\n"), true, codes(me("201", "201", "201"))));
        rows.add(new Row("patientDeleteDocument", HttpMethod.DELETE, "/api/v1/me/documents/{plainDoc}", null, none,
                true, codes(me("404", "404", "404"))));
        rows.add(new Row("patientOpenCareHistory", HttpMethod.PUT, "/api/v1/me/care-history/open", null,
                w -> new JsonObject().put("open", true).toBuffer(), true, codes(me("204", "204", "403"))));
        rows.add(new Row("patientOppose", HttpMethod.POST, "/api/v1/me/opposition", null, none, true,
                codes(me("409", "409"))));
        rows.add(new Row("patientWithdrawOpposition", HttpMethod.POST, "/api/v1/me/opposition/withdrawal", null,
                w -> new JsonObject().put("verificationCode", "ABCD-EFGH").toBuffer(), true, codes(me("400", "400"))));
        rows.add(new Row("patientActivate", HttpMethod.POST, "/api/v1/me/activation", null, none, true,
                codes(me("409", "409"))));
        rows.add(new Row("patientReopen", HttpMethod.POST, "/api/v1/me/reopen", null, none, true,
                codes(me("409", "409"))));
        // The representative comes after the patient: the record is closed and its deletion asked already (409), which
        // the representative reached through the lifecycle like the patient.
        rows.add(new Row("patientClose", HttpMethod.POST, "/api/v1/me/close", null, none, true,
                codes(me("204", "204", "409"))));
        rows.add(new Row("patientRequestDeletion", HttpMethod.POST, "/api/v1/me/deletion-request", null, none, true,
                codes(me("202", "202", "409"))));
        rows.add(new Row("patientLogout", HttpMethod.POST, "/api/v1/me/logout", null, none, true,
                codes(me("204", "204"))));
        // ---- patient login: no authentication, the same answer whoever asks ----
        rows.add(new Row("patientLoginRequestCode", HttpMethod.POST, "/api/v1/me/login", null,
                w -> new JsonObject().put("ins", Identities.ins()).put("birthDate", "1985-05-14").toBuffer(), false,
                codes(open("202"))));
        rows.add(new Row("patientLoginVerify", HttpMethod.POST, "/api/v1/me/login/verify", null,
                w -> new JsonObject().put("ins", Identities.ins()).put("birthDate", "1985-05-14")
                        .put("code", "123456").toBuffer(), false, codes(open("401"))));
        return rows;
    }

    @Test
    @Order(0)
    void everyOperationOfTheContractHasARow() throws IOException {
        Set<String> inContract = new TreeSet<>();
        // The professional API's contract and the patient API's own (web-pwa's, on the class path).
        for (String contract : List.of("/openapi.yaml", "/openapi-me.yaml")) {
            try (InputStream in = AuthorizationMatrixIT.class.getResourceAsStream(contract)) {
                Matcher m = OPERATION_ID.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    inContract.add(m.group(1));
                }
            }
        }
        Set<String> inMatrix = new TreeSet<>(rows().stream().map(Row::operationId).toList());
        assertThat(inMatrix).as("one matrix row per operation of both contracts").isEqualTo(inContract);
        assertThat(inContract).hasSizeGreaterThan(40);
    }

    @TestFactory
    @Order(2) // last: its rows unmask, unblock, close and log out
    Stream<DynamicTest> everyOperationTimesEveryCallerGivesTheExpectedStatusAndLeaksNothing() {
        return rows().stream().flatMap(row -> Stream.of(Actor.values()).map(actor -> DynamicTest.dynamicTest(
                row.operationId() + " as " + actor, () -> check(row, shared, actor))));
    }

    private static void check(Row row, World w, Actor actor) {
        HttpResponse<Buffer> r = send(row, w, actor);
        String body = r.bodyAsString() == null ? "" : r.bodyAsString();
        assertThat(r.statusCode()).as("%s %s as %s: %s", row.method(), row.path(), actor, body)
                .isEqualTo(row.expected().get(actor));
        if (r.statusCode() >= 400) {
            assertThat(r.getHeader("Content-Type")).as("a problem document").startsWith("application/problem+json");
        }
        // Health data: the masked document reaches only the patient and its author (the right professional), and a
        // physician in an emergency (break-glass lifts masking unless the patient opposed it); the plain one also any
        // physician the rules allow. Nobody else receives a byte of either.
        boolean emergency = row.operationId().equals("breakGlass") && actor == Actor.OTHER_PRO;
        boolean patientSide = actor == Actor.PATIENT || actor == Actor.REPRESENTATIVE;
        if (!patientSide && actor != Actor.RIGHT_PRO && !emergency) {
            assertThat(body).doesNotContain(w.maskedTitle).doesNotContain(w.maskedText);
        }
        if (!patientSide && actor != Actor.RIGHT_PRO && actor != Actor.OTHER_PRO) {
            assertThat(body).doesNotContain(w.plainTitle).doesNotContain(w.plainText);
        }
    }

    private static HttpResponse<Buffer> send(Row row, World w, Actor actor) {
        String path = row.path()
                .replace("{ins}", w.patient.ins())
                .replace("{newIns}", Identities.ins())
                .replace("{maskedDoc}", w.maskedDoc)
                .replace("{plainDoc}", w.plainDoc)
                .replace("{someRpps}", Identities.rpps())
                .replace("{blockedRpps}", w.blockedRpps)
                .replace("{otherRpps}", w.otherRpps)
                .replace("{contextId}", UUID.randomUUID().toString())
                .replace("{campaign}", UUID.randomUUID().toString())
                .replace("{review}", UUID.randomUUID().toString())
                .replace("{lineId}", UUID.randomUUID().toString());
        HttpRequest<Buffer> request = dmp.request(row.method(), path, w.tokens.get(actor))
                .putHeader("Connection", "close"); // a refused body must not poison a kept-alive connection
        Buffer body = row.body().of(w);
        if (body == null) {
            return await(request.send());
        }
        request.putHeader("Content-Type", row.contentType() == null ? "application/json" : row.contentType());
        return await(request.sendBuffer(body));
    }

    // ---- BOLA: another patient's object looks exactly like no object at all ----

    @Test
    @Order(1)
    void anotherPatientsDocumentIsIndistinguishableFromAnUnknownOne() {
        String unknown = UUID.randomUUID().toString();
        for (String suffix : List.of("", "/mask")) {
            HttpMethod method = suffix.isEmpty() ? HttpMethod.GET : HttpMethod.PUT;
            HttpResponse<Buffer> theirs = dmp.sendRaw(method, "/api/v1/me/documents/" + shared.maskedDoc + suffix,
                    shared.tokens.get(Actor.OTHER_PATIENT), null, Buffer.buffer());
            HttpResponse<Buffer> none = dmp.sendRaw(method, "/api/v1/me/documents/" + unknown + suffix,
                    shared.tokens.get(Actor.OTHER_PATIENT), null, Buffer.buffer());
            assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(none.statusCode());
            assertThat(withoutRequestId(theirs)).isEqualTo(withoutRequestId(none));
            assertThat(new TreeSet<>(theirs.headers().names())).isEqualTo(new TreeSet<>(none.headers().names()));
        }
    }

    /** Found by schemathesis: a 405 without {@code Allow} (RFC 9110 requires it). */
    @Test
    @Order(1)
    void anUndeclaredMethodIsRefusedWithTheAllowedOnes() {
        HttpResponse<Buffer> r = await(dmp.request(HttpMethod.TRACE, "/api/v1/documents/" + shared.plainDoc,
                shared.tokens.get(Actor.RIGHT_PRO)).send());
        Dmp.problem(r, 405, "method-not-allowed");
        assertThat(r.getHeader("Allow")).isEqualTo("GET");
        assertThat(r.bodyAsString()).doesNotContain(shared.plainTitle);
    }

    @Test
    @Order(1)
    void aProfessionalWithoutConsentGetsTheRuleNeverTheDocument() {
        HttpResponse<Buffer> r = dmp.get("/api/v1/documents/" + shared.maskedDoc, shared.tokens.get(Actor.OTHER_PRO));
        JsonObject problem = Dmp.problem(r, 403, "consent-denied");
        assertThat(problem.getString("rule")).isNotBlank();
        assertThat(r.bodyAsString()).doesNotContain(shared.maskedTitle).doesNotContain(shared.maskedText);
    }

    private static String withoutRequestId(HttpResponse<Buffer> r) {
        JsonObject body = r.bodyAsJsonObject();
        body.remove("requestId");
        body.remove("instance");
        return body.encode();
    }

    private static String careLine(String ins) {
        return new JsonObject().put("lineId", "M-" + UUID.randomUUID()).put("ins", ins)
                .put("dateOfCare", java.time.LocalDate.now().minusMonths(1).toString()).put("kind", "ACT")
                .put("code", "GS").put("label", "Consultation").put("amount", "26.50").encode();
    }

    /**
     * One patient with two documents by the right professional (who is also the treating doctor), one masked; another
     * physician in care with the patient (a care context opened by presence); a blocked professional; another
     * patient; and a token for each actor.
     */
    static final class World {
        TestPatient patient;
        String rightRpps;
        String maskedDoc;
        String plainDoc;
        String blockedRpps;
        String otherRpps;
        final String maskedTitle = "Masked-" + UUID.randomUUID();
        final String maskedText = "secret-" + UUID.randomUUID();
        final String plainTitle = "Plain-" + UUID.randomUUID();
        final String plainText = "visible-" + UUID.randomUUID();
        final Map<Actor, String> tokens = new LinkedHashMap<>();

        static World create(Dmp dmp) {
            World w = new World();
            w.patient = TestPatient.registered(dmp);
            TestPatient other = TestPatient.registered(dmp);
            String rightRpps = Identities.rpps();
            w.rightRpps = rightRpps;
            w.otherRpps = Identities.rpps();
            w.blockedRpps = Identities.rpps();
            String right = dmp.inCare(dmp.physician(rightRpps), w.patient.ins());
            String otherPro = dmp.inCare(dmp.physician(w.otherRpps), w.patient.ins());
            w.maskedDoc = deposit(dmp, right, w.patient.ins(), w.maskedTitle, w.maskedText);
            w.plainDoc = deposit(dmp, right, w.patient.ins(), w.plainTitle, w.plainText);
            String patientToken = w.patient.login(dmp);
            me(dmp, HttpMethod.PUT, "/api/v1/me/documents/" + w.maskedDoc + "/mask", patientToken, new JsonObject());
            me(dmp, HttpMethod.PUT, "/api/v1/me/blocked/" + w.blockedRpps, patientToken, new JsonObject());
            me(dmp, HttpMethod.PUT, "/api/v1/me/treating-doctor", patientToken,
                    new JsonObject().put("rpps", rightRpps));
            Map<String, Object> rightClaims = Map.of("rpps", "8" + rightRpps, "profession", "10",
                    "scope", "dmp:read dmp:write");
            w.tokens.put(Actor.PATIENT, patientToken);
            w.tokens.put(Actor.OTHER_PATIENT, other.login(dmp));
            w.tokens.put(Actor.RIGHT_PRO, right);
            w.tokens.put(Actor.OTHER_PRO, otherPro);
            w.tokens.put(Actor.BLOCKED_PRO, dmp.physician(w.blockedRpps));
            w.tokens.put(Actor.INSURER, dmp.professional(Identities.rpps(), "10", "insurer", "dmp:read dmp:write"));
            w.tokens.put(Actor.NO_TOKEN, null);
            w.tokens.put(Actor.EXPIRED, dmp.token(rightClaims, List.of(Dmp.AUDIENCE), -120));
            w.tokens.put(Actor.OTHER_ISSUER, dmp.issuer().issue("other", "sub", List.of(Dmp.AUDIENCE), rightClaims,
                    600));
            w.tokens.put(Actor.ALG_NONE, algNone(right));
            w.tokens.put(Actor.WRONG_AUDIENCE, dmp.token(rightClaims, List.of("another-api"), 600));
            w.tokens.put(Actor.ADMIN, dmp.admin());
            w.tokens.put(Actor.FEEDER, dmp.professional(Identities.rpps(), "10", "insurer-feed", "dmp:feed"));
            TestPatient trusted = TestPatient.registered(dmp);
            RepresentativesIT.id(RepresentativesIT.create(dmp, trusted, w.patient, "PERSON_OF_TRUST"));
            w.tokens.put(Actor.REPRESENTATIVE, RepresentativesIT.actingFor(dmp, trusted.login(dmp), w.patient.ins()));
            return w;
        }

        /** The same claims with {@code alg: none} and no signature. */
        private static String algNone(String token) {
            String header = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            return header + "." + token.split("\\.")[1] + ".";
        }

        private static String deposit(Dmp dmp, String token, String ins, String title, String text) {
            HttpResponse<Buffer> r = dmp.deposit(token, ins, Dmp.document(Dmp.CONSULTATION_NOTE, title, text));
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
            return r.bodyAsJsonObject().getString("id");
        }

        private static void me(Dmp dmp, HttpMethod method, String path, String token, JsonObject body) {
            HttpResponse<Buffer> r = dmp.send(method, path, token, body);
            assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(204);
        }
    }
}
