package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.representation.NewRepresentation;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A parent in real headless Chromium: logs in with their own code, chooses their son's space, sees "Vous agissez pour
 * Léo Martin" on every page and none of his confidential care, then goes back to their own space.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RepresentativeBrowserIT {
    static TestApp app;
    static Chromium chromium;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        chromium = new Chromium("http://localhost:" + app.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aParentChoosesTheirSonsSpaceAndEveryPageSaysForWhom() {
        TestApp.Person parent = app.register("Julie", RecordState.ACTIVE);
        TestApp.Person son = app.register("Léo", LocalDate.of(2017, 3, 2), RecordState.ACTIVE);
        TestApp.await(app.store.representations().create("admin", new NewRepresentation(parent.ins(), son.ins(),
                RepresentationKind.PARENTAL_AUTHORITY, LocalDate.of(2017, 3, 2), Optional.empty(),
                "Livret de famille vérifié")));
        Actor.Professional doctor = Actor.Professional.of(fr.sante.dmp.store.record.StoreFixture.newRpps(),
                Profession.PHYSICIAN);
        app.deposit(doctor, son, DocumentClass.CONSULTATION_NOTE, "Vaccin DTP", "rappel");
        TestApp.await(app.records().deposit(doctor, son.ins(), new NewDocument(DocumentClass.CONSULTATION_NOTE,
                "Consultation confidentielle", "text/plain", "secret".getBytes(StandardCharsets.UTF_8), false,
                Optional.empty(), true)));

        login(parent);
        assertThat(chromium.text()).contains("Bonjour Julie").doesNotContain("Vous agissez pour");
        chromium.open(Paths.REPRESENTED);
        assertThat(chromium.text()).contains("Personnes que je représente", "Léo Martin", "Autorité parentale");
        chromium.assertAccessible("whose space");
        chromium.screenshot("representants-1-choisir");

        chromium.find("form[action='" + Paths.ACT_FOR + "'] button").click();
        chromium.waitFor("#acting-for");
        assertThat(chromium.text()).contains("Vous agissez pour Léo Martin", "Bonjour Léo");
        chromium.assertAccessible("acting for Léo");
        chromium.screenshot("representants-2-agir-pour-leo");

        chromium.open(Paths.DOCUMENTS);
        assertThat(chromium.text()).contains("Vous agissez pour Léo Martin", "Vaccin DTP")
                .doesNotContain("Consultation confidentielle");
        chromium.screenshot("representants-3-documents-de-leo");
        // What was done in Léo's space, by him or for him, is under "mine" (the history shows professionals first).
        chromium.open(Paths.HISTORY + "?filter=mine");
        assertThat(chromium.text()).contains("Vous agissez pour Léo Martin", "Un représentant");

        chromium.open(Paths.REPRESENTED);
        chromium.find("form[action='" + Paths.OWN_SPACE + "'] button").click();
        chromium.waitFor("nav.main-nav");
        assertThat(chromium.text()).contains("Bonjour Julie").doesNotContain("Vous agissez pour");
    }

    /**
     * Acting for a son whose record is still INVITED: his care code from the care page, then his opposition from the
     * opposition page; the son's record is opposed, never the parent's own.
     */
    @Test
    void aParentGivesACareCodeAndOpposesForTheirInvitedSonFromHisSpace() {
        TestApp.Person parent = app.register("Sarah", RecordState.ACTIVE);
        TestApp.Person son = app.register("Noé", LocalDate.of(2016, 4, 4), RecordState.INVITED);
        TestApp.await(app.store.representations().create("admin", new NewRepresentation(parent.ins(), son.ins(),
                RepresentationKind.PARENTAL_AUTHORITY, LocalDate.of(2016, 4, 4), Optional.empty(),
                "Livret de famille vérifié")));

        login(parent);
        chromium.open(Paths.REPRESENTED);
        chromium.find("form[action='" + Paths.ACT_FOR + "'] button").click();
        chromium.waitFor("#acting-for");

        chromium.open(Paths.CARE);
        assertThat(chromium.text()).contains("Vous agissez pour Noé Martin");
        chromium.find("form[action='" + Paths.CARE_CODE + "'] button").click();
        chromium.waitFor("#" + Ids.CARE_CODE + "-label");
        chromium.assertAccessible("care page acting for Noé");

        chromium.open(Paths.OPPOSITION);
        assertThat(chromium.text()).contains("Vous agissez pour Noé Martin");
        chromium.find("#f-confirm").click();
        chromium.find("form[action='" + Paths.OPPOSITION_CONFIRM + "'] button[type=submit]").click();
        chromium.waitFor("#" + Ids.RECEIPT);
        assertThat(app.overview(son).state()).isEqualTo(RecordState.OPPOSED);
        assertThat(app.overview(parent).state()).isEqualTo(RecordState.ACTIVE);
    }

    private static void login(TestApp.Person p) {
        chromium.open(Paths.LOGIN);
        chromium.driver.manage().deleteAllCookies(); // a session left by another test of this class
        chromium.open(Paths.LOGIN);
        chromium.type("#f-ins", p.ins().value());
        chromium.setDate("#f-birthDate", p.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.type("#f-code", app.code(p.phone(), 0));
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");
    }
}
