package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.FakePatients;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A person's path through the patient space in real headless Chromium: every page is checked with axe-core and
 * photographed (fr, 390x844) into docs/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatientSpaceBrowserIT {

    static final String INS = "185057512345673";
    static final LocalDate BIRTH = LocalDate.of(1985, 5, 14);
    static final String INVITED_INS = "291039901203485";
    static final LocalDate INVITED_BIRTH = LocalDate.of(1991, 3, 2);

    static TestApp app;
    static Chromium chromium;
    static FakePatients.Person camille;
    static UUID labReport;

    @BeforeAll
    static void start() {
        app = new TestApp(TestApp.config());
        camille = app.patients.add(INS, BIRTH, "INV-1111", RecordState.ACTIVE);
        app.patients.addDocument(camille, "Consultation du Dr Martin", "11488-4",
                "Motif : contrôle annuel.\nExamen clinique normal.");
        labReport = app.patients.addDocument(camille, "Bilan sanguin", "11502-2", "Glycémie à jeun : 0,92 g/L");
        app.patients.add(INVITED_INS, INVITED_BIRTH, "INV-2222", RecordState.INVITED);
        chromium = new Chromium("http://localhost:" + app.port());
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        app.close();
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
        assertThat((java.util.List<Object>) manifest.get("errors")).isEmpty();
        JsonManifest m = new JsonManifest((String) manifest.get("data"));
        assertThat(m.json.getString("display")).isEqualTo("standalone");
        assertThat(m.json.getString("start_url")).isEqualTo(Paths.DASHBOARD);
        assertThat(m.json.getString("lang")).isEqualTo("fr");
        assertThat(m.json.getJsonArray("icons").encode()).contains("192x192", "512x512", "maskable");
        Map<String, Object> installability = chromium.driver.executeCdpCommand("Page.getInstallabilityErrors", Map.of());
        assertThat((java.util.List<Object>) installability.get("installabilityErrors")).isEmpty();
    }

    record JsonManifest(io.vertx.core.json.JsonObject json) {
        JsonManifest(String raw) {
            this(new io.vertx.core.json.JsonObject(raw));
        }
    }

    @Test
    @Order(3)
    void loginWithTheOneTimeCode() {
        chromium.open(Paths.LOGIN);
        chromium.assertAccessible("login");
        chromium.screenshot("02-connexion");
        chromium.find("#f-ins").click();
        chromium.type("#f-ins", "1 85 05 75 123 456 73");
        chromium.setDate("#f-birthDate", BIRTH.toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.assertAccessible("login code");
        chromium.screenshot("03-connexion-code");
        chromium.type("#f-code", app.codes.lastCode());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");
        assertThat(chromium.driver.getCurrentUrl()).endsWith(Paths.DASHBOARD);
        assertThat(chromium.text()).contains("Bonjour Camille", "Dossier ouvert");
        chromium.assertAccessible("dashboard");
        chromium.screenshot("04-tableau-de-bord");
    }

    @Test
    @Order(4)
    void maskADocumentAndReadWhoStillSeesIt() {
        chromium.open(Paths.DOCUMENTS);
        chromium.assertAccessible("documents");
        String row = "#" + Ids.documentRow(labReport);
        chromium.find(row + " button").click();
        chromium.waitFor(row + " .badge.masked");
        assertThat(chromium.find(row).getText()).contains("Masqué", "son auteur");
        assertThat(app.patients.person(INS).documents.get(labReport).masked()).isTrue();
        chromium.assertAccessible("documents after masking");
        chromium.screenshot("05-documents");
        chromium.open(Paths.of(Paths.DOCUMENT, labReport.toString()));
        assertThat(chromium.text()).contains("Glycémie à jeun");
        chromium.assertAccessible("document");
        chromium.screenshot("06-document");
    }

    @Test
    @Order(5)
    void blockAProfessionalSetTheTreatingDoctorAndPreviewAPharmacist() {
        chromium.open(Paths.PRIVACY);
        chromium.assertAccessible("privacy");
        chromium.type("#f-rpps", "10001234565");
        chromium.find("#f-rpps").submit();
        chromium.waitFor(".notice.success");
        assertThat(app.patients.person(INS).blocked).containsExactly("10001234565");
        chromium.type("#f-doctor", "10000000017");
        chromium.find("#f-doctor").submit();
        chromium.waitFor(".notice.success");
        assertThat(app.patients.person(INS).treatingDoctor).contains("10000000017");
        new org.openqa.selenium.support.ui.Select(chromium.find("#f-profession")).selectByValue("21");
        chromium.find("#f-profession").submit();
        chromium.waitFor("#" + Ids.PREVIEW_RESULT + " table");
        assertThat(chromium.find("#" + Ids.PREVIEW_RESULT).getText()).contains("Pharmacien");
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
    void writeSaveAndSignAdvanceDirectivesWithAFreshCode() {
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
        assertThat(app.patients.person(INS).directives).hasSize(1);
        int sentBefore = app.codes.count();
        chromium.find("#" + Ids.SIGN_PANEL + " button").click();
        chromium.waitFor("#" + Ids.SIGN_PANEL + " #f-code");
        assertThat(app.codes.count()).isEqualTo(sentBefore + 1);
        chromium.assertAccessible("directives signature");
        chromium.type("#f-code", app.codes.lastCode());
        chromium.find("#" + Ids.SIGN_PANEL + " button").click();
        chromium.waitFor("#f-confirm");
        assertThat(chromium.text()).contains("Signées");
        assertThat(app.patients.person(INS).directives.get(0).status().name()).isEqualTo("SIGNED");
        chromium.assertAccessible("directives signed");
        chromium.screenshot("11-directives");
        chromium.open(Paths.DIRECTIVES_PRINT);
        assertThat(chromium.text()).contains("Alex Dupont", "Respiration artificielle");
        chromium.assertAccessible("directives print");
        chromium.screenshot("12-directives-impression");
    }

    @Test
    @Order(8)
    void historyShowsEachAccessWithBreakGlassHighlighted() {
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < 25; i++) {
            camille.history.add(new fr.sante.dmp.store.patient.AccessHistoryPage.Entry(now.minusSeconds(3600L * i),
                    "PROFESSIONAL", java.util.Optional.of("10001234565"), java.util.Optional.of("21"), "LIST_DOCUMENTS",
                    i % 3 != 0, "matrix", "Autorisé par la matrice profession × type de document",
                    "Allowed by the matrix", false));
        }
        camille.history.add(new fr.sante.dmp.store.patient.AccessHistoryPage.Entry(now.plusSeconds(5), "PROFESSIONAL",
                java.util.Optional.of("10000000017"), java.util.Optional.of("10"), "BREAK_GLASS", true, "break-glass",
                "Accès en urgence : motif « détresse respiratoire »", "Emergency access", true));
        chromium.open(Paths.DASHBOARD);
        assertThat(chromium.text()).contains("Accès en urgence à votre dossier", "10000000017");
        chromium.open(Paths.HISTORY);
        assertThat(chromium.find("li.break-glass").getText()).contains("Accès en urgence", "Médecin");
        chromium.find("#" + Ids.HISTORY_MORE + " a").click();
        chromium.waitFor("ol.history[start='21']");
        assertThat(chromium.driver.findElements(org.openqa.selenium.By.cssSelector("ol.history li"))).hasSize(26);
        chromium.assertAccessible("history");
        chromium.screenshot("13-historique");
    }

    @Test
    @Order(9)
    void alertsAndProfile() {
        chromium.open(Paths.ALERTS);
        chromium.find("#a-every").click();
        chromium.find("#a-email").click();
        chromium.find("#a-email").submit();
        chromium.waitFor(".notice.success");
        assertThat(app.patients.person(INS).alerts.everyAccess()).isTrue();
        chromium.assertAccessible("alerts");
        chromium.screenshot("14-alertes");
        chromium.open(Paths.PROFILE);
        chromium.find("form[action='" + Paths.PROFILE_CLOSE + "'] button").click();
        chromium.waitFor("#f-confirmClose-error");
        assertThat(app.patients.person(INS).state).isEqualTo(RecordState.ACTIVE);
        chromium.assertAccessible("profile");
        chromium.screenshot("15-profil");
    }

    @Test
    @Order(10)
    void logoutThenOpposeWithTheInvitationCodeAndWithdraw() {
        chromium.open(Paths.DASHBOARD);
        chromium.find("header form button").click();
        chromium.waitFor("a[href='" + Paths.OPPOSITION + "']");
        chromium.open(Paths.OPPOSITION);
        chromium.assertAccessible("opposition");
        chromium.screenshot("08-opposition");
        chromium.type("#f-ins", INVITED_INS);
        chromium.setDate("#f-birthDate", INVITED_BIRTH.toString());
        chromium.type("#f-invitationCode", "INV-2222");
        chromium.find("#f-invitationCode").submit();
        chromium.waitFor("#f-confirm");
        assertThat(chromium.text()).contains("Si vous refusez", "Si vous ne faites rien", "jours");
        chromium.assertAccessible("opposition status");
        chromium.screenshot("09-opposition-choix");
        chromium.find("#f-confirm").click();
        chromium.find("#f-confirm").submit();
        chromium.waitFor("#" + Ids.RECEIPT);
        assertThat(app.patients.person(INVITED_INS).state).isEqualTo(RecordState.OPPOSED);
        assertThat(chromium.find(".verification").getText()).isEqualTo(app.patients.person(INVITED_INS).receiptCode);
        chromium.assertAccessible("receipt");
        chromium.screenshot("10-opposition-recepisse");
        chromium.find("form[action='" + Paths.OPPOSITION_WITHDRAW + "'] button").click();
        chromium.waitFor(".notice.success");
        assertThat(app.patients.person(INVITED_INS).state).isEqualTo(RecordState.INVITED);
        chromium.assertAccessible("withdrawn");
    }
}
