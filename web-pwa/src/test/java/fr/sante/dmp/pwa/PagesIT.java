package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class PagesIT {

    static TestApp app;
    static TestDatabase database;
    String ins;
    String other;
    LocalDate birth;
    TestApp.Person camille;
    TestApp.Person otherPerson;
    UUID note;
    UUID othersNote;

    @BeforeAll
    static void startAll(TestDatabase db) throws Exception {
        database = db;
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stopAll() throws Exception {
        app.close();
    }

    @BeforeEach
    void start() {
        start(TestApp.config());
    }

    void start(PwaConfig config) {
        app.restart(config);
        camille = app.register("Camille", RecordState.ACTIVE);
        otherPerson = app.register("Paul", RecordState.ACTIVE);
        ins = camille.ins().value();
        other = otherPerson.ins().value();
        birth = camille.birthDate();
        Actor.Professional author = StoreFixture.physician();
        note = app.deposit(author, camille, DocumentClass.CONSULTATION_NOTE, "Consultation", "texte");
        othersNote = app.deposit(author, otherPerson, DocumentClass.CONSULTATION_NOTE, "Autre", "secret");
    }

    Browserless signedIn() {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth.toString()));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth.toString())
                .add("code", app.codes.lastCode()));
        b.get(Paths.DASHBOARD);
        return b;
    }

    @Test
    void everyPersonalPageIsNoStoreAndVariesOnHtmx() {
        Browserless b = signedIn();
        for (String path : List.of(Paths.DASHBOARD, Paths.DOCUMENTS, Paths.of(Paths.DOCUMENT, note.toString()),
                Paths.PRIVACY, Paths.PRIVACY_PREVIEW + "?profession=21", Paths.DIRECTIVES, Paths.DIRECTIVES_PRINT,
                Paths.HISTORY, Paths.CARE_HISTORY, Paths.ALERTS, Paths.PROFILE, Paths.PROFILE_MEDICAL, Paths.CARE)) {
            HttpResponse<Buffer> r = b.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.getHeader("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(r.getHeader("Vary")).as(path).contains("HX-Request");
            assertThat(r.bodyAsString()).as(path).contains("hx-history=\"false\"");
            SecurityHeadersIT.assertSecurityHeaders(r);
        }
    }

    @Test
    void reimbursementsAreShownByMonthAndTheFilterKeepsOnlyMatchingLines() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String lines = String.join("\n",
                feedLine("ecg-" + ins, today.minusMonths(1), "DEQP003", "Électrocardiogramme"),
                feedLine("gs-" + ins, today.minusMonths(3), "GS", "Consultation de médecine générale"));
        var report = TestApp.await(app.careHistory.feed(StoreFixture.withCategory(
                fr.sante.dmp.consent.Profession.PHYSICIAN, fr.sante.dmp.consent.ActorCategory.INSURER_FEED),
                List.of(lines.split("\n")).iterator()));
        assertThat(report.stored()).isEqualTo(2);
        Browserless b = signedIn();

        String all = b.get(Paths.CARE_HISTORY).bodyAsString();
        String filtered = b.get(Paths.CARE_HISTORY + "?q=electro").bodyAsString();

        assertThat(all).contains("<h1>Remboursements</h1>").contains("Électrocardiogramme")
                .contains("Consultation de médecine générale").contains("remboursé 26.50 €")
                .contains("<label for=\"care-history-q\">");
        assertThat(all.split("<h2 ", -1)).hasSize(3);
        assertThat(filtered).contains("Électrocardiogramme").doesNotContain("Consultation de médecine générale")
                .contains("value=\"electro\"");
        assertThat(b.get(Paths.CARE_HISTORY + "?q=kine").bodyAsString())
                .contains("Aucun remboursement ne correspond à votre recherche.");
    }

    private static String feedLine(String id, java.time.LocalDate date, String code, String label) {
        return new io.vertx.core.json.JsonObject().put("lineId", id).put("ins", id.substring(id.indexOf('-') + 1))
                .put("dateOfCare", date.toString()).put("kind", "ACT").put("code", code).put("label", label)
                .put("amount", "26.50").encode();
    }

    @Test
    void htmxSendsTheTokenInAHeaderAndGetsAFragment() {
        Browserless b = signedIn();
        HttpResponse<Buffer> r = b.send(io.vertx.core.http.HttpMethod.POST, Paths.of(Paths.DOCUMENT_MASK, note.toString()),
                MultiMap.caseInsensitiveMultiMap().add("masked", "true"),
                Map.of("HX-Request", "true", "X-CSRF-Token", b.csrf));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString().strip()).startsWith("<li id=\"doc-" + note).doesNotContain("<html");
        assertThat(app.masked(camille, note)).isTrue();
    }

    @Test
    void maskingARowWritesOneAuditEntryAndRendersTheRowFromTheChangeItself() throws Exception {
        Browserless b = signedIn();
        long before = auditEntries();
        HttpResponse<Buffer> r = b.send(io.vertx.core.http.HttpMethod.POST, Paths.of(Paths.DOCUMENT_MASK, note.toString()),
                MultiMap.caseInsensitiveMultiMap().add("masked", "true"),
                Map.of("HX-Request", "true", "X-CSRF-Token", b.csrf));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("Consultation");
        // The mask's own entry; re-rendering the row lists nothing (a listing would be audited too).
        assertThat(auditEntries() - before).isEqualTo(1);
    }

    private static long auditEntries() throws java.sql.SQLException {
        try (java.sql.Connection c = database.connect();
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aForgedHtmxTokenIs403AndTheDocumentStaysAsItWas() {
        Browserless b = signedIn();
        HttpResponse<Buffer> r = b.send(io.vertx.core.http.HttpMethod.POST, Paths.of(Paths.DOCUMENT_MASK, note.toString()),
                MultiMap.caseInsensitiveMultiMap().add("masked", "true"),
                Map.of("HX-Request", "true", "X-CSRF-Token", b.csrf.substring(0, 10) + "forged"));
        assertThat(r.statusCode()).isEqualTo(403);
        // A fragment for the page's alert region, not a page nested in the document's row.
        assertThat(r.getHeader("HX-Retarget")).isEqualTo("#" + fr.sante.dmp.pwa.web.Ids.APP_ALERT);
        assertThat(r.bodyAsString()).contains("role=\"alert\"", "Action refusée par sécurité").doesNotContain("<html");
        assertThat(app.masked(camille, note)).isFalse();
    }

    @Test
    void careFormsWithAForgedTokenAre403AndChangeNothing() throws Exception {
        Actor.Professional nurse = app.known(StoreFixture.professional(fr.sante.dmp.consent.Profession.NURSE));
        Browserless b = signedIn();
        b.get(Paths.CARE);
        String forged = b.csrf.substring(0, 10) + "forged";
        int before = TestApp.await(app.store.careContexts().list(camille.ins())).size();

        assertThat(b.post(Paths.CARE_GRANT, MultiMap.caseInsensitiveMultiMap().add("rpps", nurse.rpps().value())
                .add("days", "7").add("_csrf", forged)).statusCode()).isEqualTo(403);
        assertThat(b.send(io.vertx.core.http.HttpMethod.POST, Paths.CARE_CODE, MultiMap.caseInsensitiveMultiMap(),
                Map.of("HX-Request", "true", "X-CSRF-Token", forged)).statusCode()).isEqualTo(403);

        assertThat(TestApp.await(app.store.careContexts().list(camille.ins()))).hasSize(before);
        assertThat(app.fixture.count("SELECT count(*) FROM care_code WHERE record_id = ?",
                app.fixture.recordId(camille.ins()))).isZero();
    }

    @Test
    void htmxGetsTheCareCodeAsAFragment() {
        Browserless b = signedIn();
        b.get(Paths.CARE);
        HttpResponse<Buffer> r = b.send(io.vertx.core.http.HttpMethod.POST, Paths.CARE_CODE,
                MultiMap.caseInsensitiveMultiMap(), Map.of("HX-Request", "true", "X-CSRF-Token", b.csrf));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(r.bodyAsString().strip()).startsWith("<div id=\"care-code\">").doesNotContain("<html")
                .containsPattern("class=\"care-code\"[^>]*>[0-9]{3} [0-9]{3}<");
        assertThat(app.codes.count()).as("shown, not sent").isEqualTo(1);
    }

    @Test
    void aClosedRecordGetsNoCareCodeAndThePanelSaysWhy() {
        Browserless b = signedIn();
        TestApp.await(app.patients().lifecycle().close(camille.ins()));
        b.get(Paths.CARE);
        HttpResponse<Buffer> htmx = b.send(io.vertx.core.http.HttpMethod.POST, Paths.CARE_CODE,
                MultiMap.caseInsensitiveMultiMap(), Map.of("HX-Request", "true", "X-CSRF-Token", b.csrf));
        assertThat(htmx.statusCode()).as("htmx swaps 4xx answers too (htmx-config)").isEqualTo(409);
        assertThat(htmx.bodyAsString()).contains("role=\"alert\"", "Votre dossier n'est pas ouvert")
                .doesNotContain("class=\"care-code\"");
        HttpResponse<Buffer> plain = b.post(Paths.CARE_CODE, MultiMap.caseInsensitiveMultiMap());
        assertThat(plain.statusCode()).isEqualTo(409);
        assertThat(plain.bodyAsString()).contains("<h1>Professionnels qui me soignent</h1>",
                "Votre dossier n'est pas ouvert");
    }

    @Test
    void someoneElsesDocumentIsNotFoundAndStaysUnmasked() {
        Browserless b = signedIn();
        assertThat(b.get(Paths.of(Paths.DOCUMENT, othersNote.toString())).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> r = b.post(Paths.of(Paths.DOCUMENT_MASK, othersNote.toString()),
                MultiMap.caseInsensitiveMultiMap().add("masked", "true"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsString()).contains("introuvable");
        assertThat(app.masked(otherPerson, othersNote)).isFalse();
        // The refused attempt is in the patient's own history, in plain words.
        var latest = TestApp.await(app.patients().history().accessHistory(camille.ins(), 0, 1)).entries().get(0);
        assertThat(latest.allowed()).isFalse();
        assertThat(latest.ruleId()).isEqualTo("document-not-found");
        assertThat(b.get(Paths.HISTORY + "?filter=refused").bodyAsString()).contains("Refusé");
    }

    @Test
    void anIdleSessionEnds() {
        start(TestApp.config().withSessionIdleTimeout(Duration.ofSeconds(2)));
        Browserless b = signedIn();
        assertThat(b.get(Paths.DOCUMENTS).statusCode()).isEqualTo(200);
        app.untilSessionExpires(b.cookies.get("__Host-dmp-session"), Duration.ofSeconds(15));
        HttpResponse<Buffer> r = b.get(Paths.DOCUMENTS);
        assertThat(r.statusCode()).isEqualTo(303);
        // The login page says "vous êtes déconnecté": the browser held a session that ended.
        assertThat(r.getHeader("Location")).isEqualTo(Paths.LOGIN + "?" + Paths.EXPIRED + "=1");
        assertThat(b.get(r.getHeader("Location")).bodyAsString()).contains("Vous êtes déconnecté");
    }

    @Test
    void onceTheRecordIsOpenTheOppositionPageExplainsClosingInstead() {
        HttpResponse<Buffer> r = signedIn().get(Paths.OPPOSITION);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("Le délai pour refuser la création est passé", "10 ans")
                .doesNotContain("f-confirm");
    }

    @Test
    void aWrongInvitationCodeSaysNothingAboutTheRecord() {
        Browserless b = new Browserless(app);
        b.get(Paths.OPPOSITION);
        HttpResponse<Buffer> wrong = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap().add("ins", ins)
                .add("birthDate", birth.toString()).add("invitationCode", "NOPE"));
        String unknownIns = StoreFixture.newIns().value();
        HttpResponse<Buffer> unknown = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap()
                .add("ins", unknownIns).add("birthDate", birth.toString()).add("invitationCode", "NOPE"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(LoginIT.normalise(unknown, unknownIns, birth.toString()))
                .isEqualTo(LoginIT.normalise(wrong, ins, birth.toString()));
    }

    /** Issue 16: "a 9-year-old was invited on his own phone and opposed alone". */
    @Test
    void aChildUnderTheOwnAccessAgeDoesNotOpposeAloneNorLogIn() throws Exception {
        TestApp.Person leo = app.register("Léo", java.time.LocalDate.of(2017, 3, 2), RecordState.INVITED);
        String code = TestApp.await(app.patients().login().issueInvitationCode("admin", leo.ins()));
        int messages = app.messageCount(leo.phone());
        Browserless b = new Browserless(app);
        b.get(Paths.OPPOSITION);
        HttpResponse<Buffer> r = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap()
                .add("ins", leo.ins().value()).add("birthDate", leo.birthDate().toString()).add("invitationCode", code));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsString()).contains("Avant 15 ans").doesNotContain("f-confirm");
        b.get(Paths.LOGIN);
        HttpResponse<Buffer> login = b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap()
                .add("ins", leo.ins().value()).add("birthDate", leo.birthDate().toString()));
        assertThat(login.statusCode()).isEqualTo(403);
        assertThat(login.bodyAsString()).contains("Avant 15 ans", "Aucun code n'a été envoyé");
        Thread.sleep(1000);
        assertThat(app.messageCount(leo.phone())).as("no code sent to anyone").isEqualTo(messages);
    }

    @Test
    void whileTheInvitationIsBeingSentThePageSaysSoAndThePersonMayAlreadyOppose() throws Exception {
        TestApp.Person jules = app.register("Jules", RecordState.INVITED);
        String code = TestApp.await(app.patients().login().issueInvitationCode("admin", jules.ins()));
        // As a campaign import leaves it until the invitation goes: INVITED, no deadline yet.
        app.fixture.update("UPDATE record SET opposition_deadline = NULL, invited_at = NULL WHERE ins_hash = ?",
                app.fixture.insHash(jules.ins()));
        Browserless b = new Browserless(app);
        b.get(Paths.OPPOSITION);
        String page = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap().add("ins", jules.ins().value())
                .add("birthDate", jules.birthDate().toString()).add("invitationCode", code)).bodyAsString();
        // Issue 19: not "déjà créé" (false: the record is INVITED), but the truth, and the choice.
        assertThat(page).contains("votre invitation est en cours d'envoi").doesNotContain("déjà créé")
                .contains("f-confirm");
        String grant = page.replaceAll("(?s).*name=\"grant\" value=\"([^\"]+)\".*", "$1");
        String nonce = page.replaceAll("(?s).*name=\"nonce\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<Buffer> r = b.post(Paths.OPPOSITION_CONFIRM, MultiMap.caseInsensitiveMultiMap().add("grant", grant)
                .add("nonce", nonce).add("confirm", "yes"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isLessThan(400);
        assertThat(app.overview(jules).state()).isEqualTo(RecordState.OPPOSED);
    }

    @Test
    void confirmingWithoutTickingTheBoxDoesNothing() {
        TestApp.Person louise = app.register("Louise", RecordState.INVITED);
        String code = TestApp.await(app.patients().login().issueInvitationCode("admin", louise.ins()));
        Browserless b = new Browserless(app);
        b.get(Paths.OPPOSITION);
        String page = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap().add("ins", louise.ins().value())
                .add("birthDate", louise.birthDate().toString()).add("invitationCode", code)).bodyAsString();
        String grant = page.replaceAll("(?s).*name=\"grant\" value=\"([^\"]+)\".*", "$1");
        String nonce = page.replaceAll("(?s).*name=\"nonce\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<Buffer> r = b.post(Paths.OPPOSITION_CONFIRM, MultiMap.caseInsensitiveMultiMap().add("grant", grant)
                .add("nonce", nonce));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains("f-confirm-error");
        assertThat(app.overview(louise).state()).isEqualTo(RecordState.INVITED);
        HttpResponse<Buffer> forged = b.post(Paths.OPPOSITION_CONFIRM, MultiMap.caseInsensitiveMultiMap()
                .add("grant", "x".repeat(32)).add("confirm", "yes"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(app.overview(louise).state()).isEqualTo(RecordState.INVITED);
    }
}
