package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every limit of a form is checked before any crypto or SQL, stated next to its field, and a long input is a field
 * error, never a 500: the directives' free text at its full 10,000 characters (plain, accented, multi-byte) is saved,
 * one more is refused by name, and so are over-long names, contacts, INS and birth dates on the open forms.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class LimitsIT {

    static TestApp app;
    /** One person per test: each login asks a code, and an identity gets 3 codes per 15 minutes. */
    TestApp.Person camille;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @org.junit.jupiter.api.BeforeEach
    void person() {
        camille = app.register("Camille", RecordState.ACTIVE);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static Browserless signedIn(TestApp.Person p) {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()).add("code", app.codes.lastCode()));
        assertThat(b.get(Paths.DIRECTIVES).statusCode()).as("signed in").isEqualTo(200);
        return b;
    }

    static MultiMap directives(String freeText, String name, String contact) {
        return MultiMap.caseInsensitiveMultiMap().add("model", "B_GOOD_HEALTH").add("freeText", freeText)
                .add("tpName", name).add("tpContact", contact).add("sedation", "NO_OPINION");
    }

    Optional<AdvanceDirective> saved() {
        return TestApp.await(app.patients().directives().directives(camille.ins()));
    }

    @Test
    void theFreeTextIsSavedAtItsFullLengthInAnyScript() {
        Browserless b = signedIn(camille);
        // Ordinary French prose (spaces, apostrophes, commas: each encoded on the wire) up to the 10,000 allowed.
        String prose = "Je souhaite qu'on me laisse rentrer chez moi, près des miens. ".repeat(200).substring(0, 10_000);
        for (String text : new String[] {prose, "é".repeat(10_000), "😀".repeat(5_000), "日本".repeat(5_000)}) {
            HttpResponse<Buffer> r = b.post(Paths.DIRECTIVES_DRAFT, directives(text, "Alex Dupont", "06 00 00 00 00"));
            assertThat(r.statusCode()).as(text.substring(0, 3)).isEqualTo(303);
            assertThat(saved().orElseThrow().content().freeText()).isEqualTo(text.strip());
        }
    }

    @Test
    void oneCharacterTooManyIsAFieldErrorAndNothingIsSaved() {
        Browserless b = signedIn(camille);
        Optional<AdvanceDirective> before = saved();
        HttpResponse<Buffer> r = b.post(Paths.DIRECTIVES_DRAFT, directives("é".repeat(10_001), "", ""));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains("id=\"f-freeText-error\"", "10 000 caractères au plus",
                "aria-invalid=\"true\"");
        assertThat(saved().map(AdvanceDirective::version)).isEqualTo(before.map(AdvanceDirective::version));
    }

    @Test
    void hugeNamesAndContactsAreFieldErrors() {
        Browserless b = signedIn(camille);
        HttpResponse<Buffer> r = b.post(Paths.DIRECTIVES_DRAFT, directives("ok", "x".repeat(10_000), "é".repeat(10_000)));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains("id=\"f-tpName-error\"", "id=\"f-tpContact-error\"",
                "200 caractères au plus");
    }

    @Test
    void eachLimitIsStatedNextToItsField() {
        Browserless b = signedIn(camille);
        String page = b.get(Paths.DIRECTIVES).bodyAsString();
        assertThat(page).contains("id=\"f-freeText-hint\"", "10 000 caractères au plus", "maxlength=\"10000\"");
        assertThat(page).containsPattern("id=\"f-tpName-hint\"[^<]*200 caractères au plus");
        String login = new Browserless(app).get(Paths.LOGIN).bodyAsString();
        assertThat(login).containsPattern("id=\"f-ins-hint\"[^<]*15 chiffres");
    }

    @Test
    void aTenThousandCharacterInsOrBirthDateIsAFieldErrorOnTheOpenForms() {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        HttpResponse<Buffer> login = b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap()
                .add("ins", "1".repeat(10_000)).add("birthDate", "9".repeat(10_000)));
        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(login.bodyAsString()).contains("id=\"f-ins-error\"", "id=\"f-birthDate-error\"");
        b.get(Paths.OPPOSITION);
        HttpResponse<Buffer> opposition = b.post(Paths.OPPOSITION_CHECK, MultiMap.caseInsensitiveMultiMap()
                .add("ins", "é".repeat(10_000)).add("birthDate", "1985-05-12").add("invitationCode", "x".repeat(1_000)));
        assertThat(opposition.statusCode()).isEqualTo(400);
        assertThat(opposition.bodyAsString()).contains("id=\"f-ins-error\"", "id=\"f-invitationCode-error\"");
    }

    @Test
    void aBodyBeyondWhatAnyFormNeedsIsRefusedWithAPageNotA500() {
        Browserless b = signedIn(camille);
        HttpResponse<Buffer> r = b.post(Paths.DIRECTIVES_DRAFT, directives("x".repeat(200_000), "", ""));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.bodyAsString()).contains("<h1>", "trop");
    }
}
