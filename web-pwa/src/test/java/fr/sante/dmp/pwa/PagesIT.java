package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.FakePatients;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagesIT {

    static final String INS = "185057512345673";
    static final String OTHER = "291039901203485";
    static final LocalDate BIRTH = LocalDate.of(1985, 5, 14);

    TestApp app;
    FakePatients.Person camille;
    UUID note;
    UUID othersNote;

    @BeforeEach
    void start() {
        start(TestApp.config());
    }

    void start(PwaConfig config) {
        app = new TestApp(config);
        camille = app.patients.add(INS, BIRTH, "INV-1", RecordState.ACTIVE);
        note = app.patients.addDocument(camille, "Consultation", "11488-4", "texte");
        othersNote = app.patients.addDocument(app.patients.add(OTHER, BIRTH, "INV-2", RecordState.ACTIVE),
                "Autre", "11488-4", "secret");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    Browserless signedIn() {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", INS).add("birthDate", BIRTH.toString()));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", INS).add("birthDate", BIRTH.toString())
                .add("code", app.codes.lastCode()));
        b.get(Paths.DASHBOARD);
        return b;
    }

    @Test
    void everyPersonalPageIsNoStoreAndVariesOnHtmx() {
        Browserless b = signedIn();
        for (String path : List.of(Paths.DASHBOARD, Paths.DOCUMENTS, Paths.of(Paths.DOCUMENT, note.toString()),
                Paths.PRIVACY, Paths.PRIVACY_PREVIEW + "?profession=21", Paths.DIRECTIVES, Paths.DIRECTIVES_PRINT,
                Paths.HISTORY, Paths.ALERTS, Paths.PROFILE)) {
            HttpResponse<Buffer> r = b.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.getHeader("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(r.getHeader("Vary")).as(path).contains("HX-Request");
            assertThat(r.bodyAsString()).as(path).contains("hx-history=\"false\"");
            SecurityHeadersIT.assertSecurityHeaders(r);
        }
    }

    @Test
    void htmxSendsTheTokenInAHeaderAndGetsAFragment() {
        Browserless b = signedIn();
        HttpResponse<Buffer> r = b.send(io.vertx.core.http.HttpMethod.POST, Paths.of(Paths.DOCUMENT_MASK, note.toString()),
                MultiMap.caseInsensitiveMultiMap().add("masked", "true"),
                Map.of("HX-Request", "true", "X-CSRF-Token", b.csrf));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString().strip()).startsWith("<li id=\"doc-" + note).doesNotContain("<html");
        assertThat(camille.documents.get(note).masked()).isTrue();
    }

    @Test
    void aForgedHtmxTokenIs403AndTheDocumentStaysAsItWas() {
        Browserless b = signedIn();
        HttpResponse<Buffer> r = b.send(io.vertx.core.http.HttpMethod.POST, Paths.of(Paths.DOCUMENT_MASK, note.toString()),
                MultiMap.caseInsensitiveMultiMap().add("masked", "true"),
                Map.of("HX-Request", "true", "X-CSRF-Token", b.csrf.substring(0, 10) + "forged"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(camille.documents.get(note).masked()).isFalse();
    }

    @Test
    void someoneElsesDocumentIsNotFoundAndStaysUnmasked() {
        Browserless b = signedIn();
        assertThat(b.get(Paths.of(Paths.DOCUMENT, othersNote.toString())).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> r = b.post(Paths.of(Paths.DOCUMENT_MASK, othersNote.toString()),
                MultiMap.caseInsensitiveMultiMap().add("masked", "true"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsString()).contains("introuvable");
        assertThat(app.patients.person(OTHER).documents.get(othersNote).masked()).isFalse();
    }

    @Test
    void anIdleSessionEnds() throws InterruptedException {
        app.close();
        start(TestApp.config().withSessionIdleTimeout(Duration.ofMillis(700)));
        Browserless b = signedIn();
        assertThat(b.get(Paths.DOCUMENTS).statusCode()).isEqualTo(200);
        Thread.sleep(1200);
        HttpResponse<Buffer> r = b.get(Paths.DOCUMENTS);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.getHeader("Location")).isEqualTo(Paths.LOGIN);
    }

    @Test
    void afterTheDeadlineTheOppositionPageExplainsClosingInstead() {
        Browserless b = new Browserless(app);
        b.get(Paths.OPPOSITION);
        HttpResponse<Buffer> r = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap().add("ins", INS)
                .add("birthDate", BIRTH.toString()).add("invitationCode", "INV-1"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("Le délai pour refuser la création est passé", "10 ans")
                .doesNotContain("f-confirm");
    }

    @Test
    void aWrongInvitationCodeSaysNothingAboutTheRecord() {
        Browserless b = new Browserless(app);
        b.get(Paths.OPPOSITION);
        HttpResponse<Buffer> wrong = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap().add("ins", INS)
                .add("birthDate", BIRTH.toString()).add("invitationCode", "NOPE"));
        HttpResponse<Buffer> unknown = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap()
                .add("ins", "178029935600172").add("birthDate", BIRTH.toString()).add("invitationCode", "NOPE"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(LoginIT.normalise(unknown, "178029935600172", BIRTH.toString()))
                .isEqualTo(LoginIT.normalise(wrong, INS, BIRTH.toString()));
    }

    @Test
    void confirmingWithoutTickingTheBoxDoesNothing() {
        app.patients.add("178029935600172", BIRTH, "INV-3", RecordState.INVITED);
        Browserless b = new Browserless(app);
        b.get(Paths.OPPOSITION);
        String page = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap().add("ins", "178029935600172")
                .add("birthDate", BIRTH.toString()).add("invitationCode", "INV-3")).bodyAsString();
        String grant = page.replaceAll("(?s).*name=\"grant\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<Buffer> r = b.post(Paths.OPPOSITION_CONFIRM, MultiMap.caseInsensitiveMultiMap().add("grant", grant));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains("f-confirm-error");
        assertThat(app.patients.person("178029935600172").state).isEqualTo(RecordState.INVITED);
        HttpResponse<Buffer> forged = b.post(Paths.OPPOSITION_CONFIRM, MultiMap.caseInsensitiveMultiMap()
                .add("grant", "x".repeat(32)).add("confirm", "yes"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(app.patients.person("178029935600172").state).isEqualTo(RecordState.INVITED);
    }
}
