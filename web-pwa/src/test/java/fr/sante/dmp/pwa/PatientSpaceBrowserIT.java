package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A person's path through the patient space in real headless Chromium, on the real components: record store on
 * embedded PostgreSQL, notifications outbox and dispatcher with the embedded SMSC (codes read from the dev inbox),
 * Redis. What the patient changes is checked from the professional side through the same RecordService the
 * professional API uses. Every page is checked with axe-core and photographed (fr, 390x844) into docs/screenshots/.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatientSpaceBrowserIT {

    static TestApp app;
    static Chromium chromium;
    static TestApp.Person camille;
    static TestApp.Person invited;
    static UUID labReport;
    static final Actor.Professional AUTHOR = StoreFixture.physician();
    static final Actor.Professional OTHER_PHYSICIAN = StoreFixture.physician();
    static final Actor.Professional TREATING = StoreFixture.physician();
    static final Actor.Professional TO_BLOCK = StoreFixture.physician();

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        camille = app.register("Camille", RecordState.ACTIVE);
        app.deposit(AUTHOR, camille, DocumentClass.CONSULTATION_NOTE, "Consultation du Dr Martin",
                "Motif : contrôle annuel.\nExamen clinique normal.");
        labReport = app.deposit(AUTHOR, camille, DocumentClass.LABORATORY_REPORT, "Bilan sanguin",
                "Glycémie à jeun : 0,92 g/L");
        // Professionals read only under a care relationship: these two were let in by a care code; the treating
        // doctor needs no context but must be a physician the directory knows.
        app.inCare(OTHER_PHYSICIAN, camille);
        app.inCare(TO_BLOCK, camille);
        app.known(TREATING);
        invited = app.register("Louise", RecordState.INVITED);
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

    static List<UUID> seenBy(Actor.Professional pro) {
        return TestApp.await(app.records().listDocuments(pro, camille.ins())).stream().map(DocumentSummary::id).toList();
    }

    @Test
    @Order(1)
    void homeIsFrenchAccessibleAndRegistersTheServiceWorker() {
        chromium.open(Paths.HOME);
        assertThat(chromium.script("return document.documentElement.lang")).isEqualTo("fr");
        chromium.assertAccessible("home");
        chromium.screenshot("01-accueil");
        Object scope = chromium.asyncScript("var done = arguments[arguments.length - 1];"
                + "navigator.serviceWorker.ready.then(function (r) { done(r.scope); });");
        assertThat((String) scope).endsWith("/");
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void theManifestMeetsChromiumsInstallabilityCriteria() {
        chromium.open(Paths.HOME);
        Map<String, Object> manifest = chromium.driver.executeCdpCommand("Page.getAppManifest", Map.of());
        assertThat((List<Object>) manifest.get("errors")).isEmpty();
        JsonObject m = new JsonObject((String) manifest.get("data"));
        assertThat(m.getString("display")).isEqualTo("standalone");
        assertThat(m.getString("start_url")).isEqualTo(Paths.DASHBOARD);
        assertThat(m.getString("lang")).isEqualTo("fr");
        assertThat(m.getJsonArray("icons").encode()).contains("192x192", "512x512", "maskable");
        Map<String, Object> installability = chromium.driver.executeCdpCommand("Page.getInstallabilityErrors", Map.of());
        assertThat((List<Object>) installability.get("installabilityErrors")).isEmpty();
    }

    @Test
    @Order(3)
    void loginWithTheCodeFromTheDevInbox() {
        chromium.open(Paths.LOGIN);
        chromium.assertAccessible("login");
        chromium.screenshot("02-connexion");
        chromium.type("#f-ins", camille.ins().value());
        chromium.setDate("#f-birthDate", camille.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.assertAccessible("login code");
        chromium.screenshot("03-connexion-code");
        chromium.type("#f-code", app.code(camille.phone(), 0));
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");
        assertThat(chromium.driver.getCurrentUrl()).endsWith(Paths.DASHBOARD);
        assertThat(chromium.text()).contains("Bonjour Camille", "Dossier ouvert", "Bilan sanguin");
        chromium.assertAccessible("dashboard");
        chromium.screenshot("04-tableau-de-bord");
    }

    @Test
    @Order(4)
    void setTheTreatingDoctorThenMaskADocument_aNonTreatingDoctorNoLongerSeesItTheTreatingDoctorDoes() {
        chromium.open(Paths.PRIVACY);
        chromium.type("#f-doctor", TREATING.rpps().value());
        chromium.find("#f-doctor").submit();
        chromium.waitFor(".notice.success");
        assertThat(seenBy(OTHER_PHYSICIAN)).contains(labReport);

        chromium.open(Paths.DOCUMENTS);
        chromium.assertAccessible("documents");
        String row = "#" + Ids.documentRow(labReport);
        chromium.find(row + " button").click();
        chromium.waitFor(row + " .badge.masked");
        assertThat(chromium.find(row).getText()).contains("Masqué", "son auteur", "votre médecin traitant");
        chromium.assertAccessible("documents after masking");
        chromium.screenshot("05-documents");

        assertThat(seenBy(OTHER_PHYSICIAN)).doesNotContain(labReport);
        assertThat(seenBy(TREATING)).contains(labReport);
        assertThat(seenBy(AUTHOR)).contains(labReport);

        chromium.open(Paths.of(Paths.DOCUMENT, labReport.toString()));
        assertThat(chromium.text()).contains("Glycémie à jeun");
        chromium.assertAccessible("document");
        chromium.screenshot("06-document");
    }

    @Test
    @Order(5)
    void blockAProfessionalWhoThenGetsAccessDeniedAndPreviewAPharmacist() {
        assertThat(seenBy(TO_BLOCK)).isNotEmpty();
        chromium.open(Paths.PRIVACY);
        chromium.assertAccessible("privacy");
        chromium.type("#f-rpps", TO_BLOCK.rpps().value());
        chromium.find("#f-rpps").submit();
        chromium.waitFor(".notice.success");
        assertThat(chromium.find("#" + Ids.BLOCKED_LIST).getText()).contains(TO_BLOCK.rpps().value());
        Throwable denied = failure(() -> seenBy(TO_BLOCK));
        assertThat(denied).isInstanceOf(RecordException.AccessDenied.class);
        assertThat(((RecordException.AccessDenied) denied).decision().ruleId()).isEqualTo("blocked-professional");

        new Select(chromium.find("#f-profession")).selectByValue(Profession.PHARMACIST.code());
        chromium.find("#f-profession").submit();
        chromium.waitFor("#" + Ids.PREVIEW_RESULT + " table");
        assertThat(chromium.find("#" + Ids.PREVIEW_RESULT).getText()).contains("Pharmacien", "Bilan sanguin");
        chromium.assertAccessible("privacy with preview");
        chromium.screenshot("07-confidentialite");
    }

    @Test
    @Order(6)
    void aWrongRppsIsExplainedNextToTheField() {
        chromium.open(Paths.PRIVACY);
        chromium.type("#f-rpps", "10001234566");
        chromium.find("#f-rpps").submit();
        chromium.waitFor("#f-rpps-error");
        assertThat(chromium.find("#f-rpps").getAttribute("aria-describedby")).contains("f-rpps-error");
        chromium.assertAccessible("privacy with error");
    }

    @Test
    @Order(7)
    void writeAndSignAdvanceDirectivesWithAFreshCode_professionalsReadTheSignedVersion() {
        chromium.open(Paths.DIRECTIVES);
        chromium.assertAccessible("directives");
        chromium.find("#model-A_SERIOUS_ILLNESS").click();
        chromium.type("#f-tpName", "Alex Dupont");
        chromium.type("#f-tpContact", "06 00 00 00 00");
        chromium.find("#t-VENTILATION-REFUSE").click();
        chromium.find("#t-RESUSCITATION-ACCEPT").click();
        chromium.find("#sedation-ACCEPT").click();
        chromium.type("#f-freeText", "Je souhaite rester chez moi.");
        chromium.find("#" + Ids.DIRECTIVES_FORM + " button[type=submit]").click();
        chromium.waitFor(".notice.success");
        int sent = app.messageCount(camille.phone());
        chromium.find("#" + Ids.SIGN_PANEL + " button").click();
        chromium.waitFor("#" + Ids.SIGN_PANEL + " #f-code");
        chromium.assertAccessible("directives signature");
        chromium.type("#f-code", app.code(camille.phone(), sent));
        chromium.find("#" + Ids.SIGN_PANEL + " button").click();
        chromium.waitFor("#f-confirm");
        assertThat(chromium.text()).contains("Signées");
        chromium.assertAccessible("directives signed");
        chromium.screenshot("11-directives");

        AdvanceDirective read = TestApp.await(app.store.directives().readDirectives(OTHER_PHYSICIAN, camille.ins()))
                .orElseThrow();
        assertThat(read.status()).isEqualTo(AdvanceDirective.Status.SIGNED);
        assertThat(read.content().trustedPerson().orElseThrow().name()).isEqualTo("Alex Dupont");

        chromium.open(Paths.DIRECTIVES_PRINT);
        assertThat(chromium.text()).contains("Alex Dupont", "Respiration artificielle");
        chromium.assertAccessible("directives print");
        chromium.screenshot("12-directives-impression");
    }

    @Test
    @Order(8)
    void historyShowsEachAccessWithBreakGlassHighlighted() {
        app.breakGlass(OTHER_PHYSICIAN, camille, "détresse respiratoire");
        chromium.open(Paths.DASHBOARD);
        assertThat(chromium.text()).contains("Accès en urgence à votre dossier", OTHER_PHYSICIAN.rpps().value());
        chromium.assertAccessible("dashboard with emergency");
        chromium.open(Paths.HISTORY);
        assertThat(chromium.find("li.break-glass").getText()).contains("Accès en urgence", "Médecin",
                OTHER_PHYSICIAN.rpps().value());
        assertThat(chromium.text()).contains(TO_BLOCK.rpps().value(), "Refusé");
        chromium.assertAccessible("history");
        chromium.screenshot("13-historique");
        // The patient's own views are a filter of their own, not in the way of the professionals' accesses.
        chromium.open(Paths.HISTORY + "?filter=mine");
        assertThat(chromium.text()).contains("Vous");
        chromium.assertAccessible("history, own views");
    }

    @Test
    @Order(9)
    void theResearchPageExplainsTheUseAndRecordsTheObjection() {
        chromium.open(Paths.PRIVACY);
        chromium.find("a[href='" + Paths.RESEARCH + "']").click();
        chromium.waitFor("#rs-object");
        assertThat(chromium.text()).contains("pseudonyme", "Jamais");
        chromium.find("#rs-object").click();
        chromium.find("#rs-object").submit();
        chromium.waitFor(".notice.success");
        assertThat(TestApp.await(app.patients().choices().researchUse(camille.ins())).objected()).isTrue();
        chromium.assertAccessible("research");
        chromium.screenshot("17-recherche");
    }

    @Test
    @Order(9)
    void alertsAndProfile() {
        chromium.open(Paths.ALERTS);
        chromium.find("#a-every").click();
        chromium.find("#a-email").click();
        chromium.find("#a-en").click();
        chromium.find("#a-email").submit();
        chromium.waitFor(".notice.success");
        assertThat(TestApp.await(app.patients().overview().overview(camille.ins())).alerts().everyAccess()).isTrue();
        assertThat(TestApp.await(app.patients().login().contactForLogin(camille.ins(), camille.birthDate())).orElseThrow()
                .language()).isEqualTo("en");
        chromium.assertAccessible("alerts");
        chromium.screenshot("14-alertes");
        chromium.open(Paths.PROFILE);
        chromium.find("form[action='" + Paths.PROFILE_CLOSE + "'] button").click();
        chromium.waitFor("#f-confirmClose-error");
        assertThat(TestApp.await(app.patients().overview().overview(camille.ins())).state()).isEqualTo(RecordState.ACTIVE);
        chromium.assertAccessible("profile");
        chromium.screenshot("15-profil");
    }

    @Test
    @Order(10)
    void logoutThenOpposeWithTheInvitationCodeAndWithdraw() {
        String invitationCode = TestApp.await(app.patients().login().issueInvitationCode("admin", invited.ins()));
        chromium.open(Paths.DASHBOARD);
        chromium.find("header form button").click();
        chromium.waitFor("a[href='" + Paths.OPPOSITION + "']");
        assertThat(chromium.driver.findElements(By.cssSelector("nav.main-nav"))).isEmpty();
        chromium.open(Paths.OPPOSITION);
        chromium.assertAccessible("opposition");
        chromium.screenshot("08-opposition");
        chromium.type("#f-ins", invited.ins().value());
        chromium.setDate("#f-birthDate", invited.birthDate().toString());
        chromium.type("#f-invitationCode", invitationCode);
        chromium.find("#f-invitationCode").submit();
        chromium.waitFor("#f-confirm");
        assertThat(chromium.text()).contains("Si vous refusez", "Si vous ne faites rien", "jours");
        chromium.assertAccessible("opposition status");
        chromium.screenshot("09-opposition-choix");
        chromium.find("#f-confirm").click();
        chromium.find("#f-confirm").submit();
        chromium.waitFor("#" + Ids.RECEIPT);
        assertThat(TestApp.await(app.patients().overview().overview(invited.ins())).state()).isEqualTo(RecordState.OPPOSED);
        assertThat(chromium.find(".verification").getText()).isNotBlank();
        chromium.assertAccessible("receipt");
        chromium.screenshot("10-opposition-recepisse");
        chromium.find("form[action='" + Paths.OPPOSITION_WITHDRAW + "'] button").click();
        chromium.waitFor(".notice.success");
        assertThat(TestApp.await(app.patients().overview().overview(invited.ins())).state()).isEqualTo(RecordState.INVITED);
        chromium.assertAccessible("withdrawn");
    }

    static Throwable failure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
