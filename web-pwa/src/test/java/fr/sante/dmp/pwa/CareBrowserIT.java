package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.CareContext;
import fr.sante.dmp.store.care.CareProof;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Professionnels qui me soignent" in real headless Chromium on the real components: a care code shown (and texted,
 * read back from the dev inbox) opens a professional's context; a grant to a named professional, then ended at once;
 * an occupational physician's express consent given and withdrawn; the store's refusals (an RPPS the directory does
 * not know, not a physician's) shown next to their field, the treating doctor's too. Each effect is checked through
 * the store a professional's request goes through. axe-core on every state; screenshots 19 to 21.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CareBrowserIT {

    static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    static TestApp app;
    static Chromium chromium;
    static TestApp.Person camille;
    static final Actor.Professional DOCTOR = StoreFixture.physician();
    static final Actor.Professional NURSE = StoreFixture.professional(Profession.NURSE);
    static final Actor.Professional PHARMACIST = StoreFixture.professional(Profession.PHARMACIST);
    static final Actor.Professional OCCUPATIONAL = new Actor.Professional(StoreFixture.newRpps(), Profession.PHYSICIAN,
            Optional.of("SM25"), ActorCategory.OCCUPATIONAL_HEALTH);

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        camille = app.register("Camille", RecordState.ACTIVE);
        for (Actor.Professional pro : new Actor.Professional[] {DOCTOR, NURSE, PHARMACIST, OCCUPATIONAL}) {
            app.known(pro);
        }
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

    static CareContext contextOf(Actor.Professional pro) {
        return TestApp.await(app.store.careContexts().list(camille.ins())).stream()
                .filter(c -> c.rpps().equals(pro.rpps().value())).findFirst().orElseThrow();
    }

    static Throwable listingFails(Actor.Professional pro) {
        try {
            TestApp.await(app.records().listDocuments(pro, camille.ins()));
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    @Order(1)
    void loginThenFindThePageFromTheDashboard() {
        chromium.open(Paths.LOGIN);
        chromium.type("#f-ins", camille.ins().value());
        chromium.setDate("#f-birthDate", camille.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.type("#f-code", app.code(camille.phone(), 0));
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");

        chromium.find("main a[href='" + Paths.CARE + "']").click();
        chromium.waitFor("form[action='" + Paths.CARE_CODE + "']");

        assertThat(chromium.find("h1").getText()).isEqualTo("Professionnels qui me soignent");
        assertThat(chromium.find("nav a[href='" + Paths.CARE + "']").getAttribute("aria-current")).isEqualTo("page");
        assertThat(chromium.text()).contains("Aucun professionnel n'a eu accès à votre dossier cette année");
        chromium.assertAccessible("care, empty");
    }

    @Test
    @Order(2)
    void aCareCodeShownLargeAndTexted_opensTheContextOfTheProfessionalWhoTypesIt() {
        chromium.open(Paths.CARE);
        chromium.find("#f-sms").click();
        chromium.find("form[action='" + Paths.CARE_CODE + "'] button").click();
        chromium.waitFor(".care-code");

        String code = chromium.find(".care-code").getText().replace(" ", "");
        assertThat(code).matches("[0-9]{6}");
        assertThat(chromium.find("#" + Ids.CARE_CODE).getText()).contains("Valable jusqu'à",
                "Ne le donnez qu'au professionnel qui vous soigne", "envoyé par SMS");
        assertThat(chromium.script("return document.activeElement.className")).as("focus on the code")
                .isEqualTo("care-code");
        assertThat(app.codes(camille.phone(), 2)).as("the SMS in the dev inbox").contains(code);
        chromium.assertAccessible("care code");
        chromium.screenshot("19-professionnels-code");

        TestApp.await(app.store.careContexts().open(DOCTOR, camille.ins(), new CareProof.CareCode(code)));
        chromium.open(Paths.CARE);
        String row = "#" + Ids.careContextRow(contextOf(DOCTOR).id());
        assertThat(chromium.find(row).getText()).contains("Médecin", DOCTOR.rpps().value(), "code de soins",
                "En cours", "Depuis le", "Jusqu'au");
    }

    @Test
    @Order(3)
    void grantANamedProfessional_thenEndItAtOnce() {
        chromium.open(Paths.CARE);
        chromium.type("#f-rpps", NURSE.rpps().value());
        chromium.type("#f-days", "14");
        chromium.find("#f-days").submit();
        chromium.waitFor(".notice.success");
        String row = "#" + Ids.careContextRow(contextOf(NURSE).id());
        assertThat(chromium.find(row).getText()).contains("Infirmier", NURSE.rpps().value(), "votre autorisation");
        TestApp.await(app.records().listDocuments(NURSE, camille.ins()));

        chromium.find(row + " button").click();
        chromium.waitFor(row + " .notice.success");

        assertThat(chromium.find(row).getText()).contains("Terminé", "Accès terminé");
        assertThat(chromium.driver.findElements(By.cssSelector(row + " button"))).isEmpty();
        assertThat(listingFails(NURSE)).isInstanceOf(RecordException.AccessDenied.class);
        assertThat(contextOf(NURSE).endedAt()).isPresent();
        chromium.assertAccessible("care after ending a context");
        chromium.screenshot("20-professionnels");
    }

    @Test
    @Order(4)
    void grantThenWithdrawAnOccupationalPhysiciansExpressConsent() {
        LocalDate until = LocalDate.now(FRANCE).plusDays(30);
        chromium.open(Paths.CARE);
        chromium.type("#f-occupationalRpps", OCCUPATIONAL.rpps().value());
        chromium.setDate("#f-until", until.toString());
        chromium.find("#f-until").submit();
        chromium.waitFor(".notice.success");

        assertThat(chromium.find("#" + Ids.EXPRESS_CONSENT_LIST).getText()).contains(OCCUPATIONAL.rpps().value());
        assertThat(TestApp.await(app.store.careContexts().expressConsents(camille.ins()))).singleElement()
                .satisfies(c -> assertThat(c.until()).isEqualTo(until));
        TestApp.await(app.records().listDocuments(OCCUPATIONAL, camille.ins()));
        chromium.assertAccessible("care with an express consent");

        chromium.find("#" + Ids.EXPRESS_CONSENT_LIST + " button").click();
        // htmx swaps the panel while we read it: a stale element is only "not yet" (it failed a whole-suite run).
        new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> chromium.text().contains("Votre consentement exprès est retiré"));

        assertThat(TestApp.await(app.store.careContexts().expressConsents(camille.ins()))).isEmpty();
        assertThat(listingFails(OCCUPATIONAL)).isInstanceOf(RecordException.AccessDenied.class);
    }

    @Test
    @Order(5)
    void theStoresRefusalsAreShownNextToTheirFields() {
        chromium.open(Paths.CARE);
        chromium.type("#f-rpps", StoreFixture.newRpps().value());
        chromium.type("#f-days", "7");
        chromium.find("#f-days").submit();
        chromium.waitFor("#f-rpps-error");
        assertThat(chromium.find("#f-rpps-error").getText()).contains("n'est pas connu de l'annuaire");
        assertThat(chromium.find("#f-rpps").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(chromium.find("#f-rpps").getAttribute("aria-describedby")).contains("f-rpps-error");
        assertThat(chromium.find("#" + Ids.ERROR_SUMMARY).getText()).contains("n'est pas connu de l'annuaire");
        chromium.assertAccessible("care with a grant refused");

        chromium.type("#f-occupationalRpps", PHARMACIST.rpps().value());
        chromium.setDate("#f-until", LocalDate.now(FRANCE).plusDays(3).toString());
        chromium.find("#f-until").submit();
        chromium.waitFor("#f-occupationalRpps-error");
        assertThat(chromium.find("#f-occupationalRpps-error").getText()).contains("n'est pas celui d'un médecin");
        assertThat(TestApp.await(app.store.careContexts().expressConsents(camille.ins()))).isEmpty();
        chromium.screenshot("21-professionnels-erreur");

        chromium.open(Paths.PRIVACY);
        chromium.type("#f-doctor", PHARMACIST.rpps().value());
        chromium.find("#f-doctor").submit();
        chromium.waitFor("#f-doctor-error");
        assertThat(chromium.find("#f-doctor-error").getText())
                .contains("n'est pas celui d'un médecin connu de l'annuaire", "doit être un médecin");
        assertThat(chromium.find("#f-doctor").getAttribute("aria-describedby")).contains("f-doctor-error");
        assertThat(TestApp.await(app.patients().overview().overview(camille.ins())).treatingDoctorRpps()).isEmpty();
        chromium.assertAccessible("privacy with a treating doctor refused");
    }

    @Test
    @Order(6)
    void inEnglishToo() {
        chromium.open(Paths.CARE + "?lang=en");
        assertThat(chromium.find("h1").getText()).isEqualTo("Professionals caring for me");
        assertThat(chromium.text()).contains("care code", "your authorisation", "End now", "Give a care code");
        chromium.assertAccessible("care in English");
        chromium.open(Paths.CARE + "?lang=fr");
    }
}
