package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import java.time.Duration;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Phone layout in real Chromium: the "who sees what" table fits 390 and 320 px, the menu folds behind one button,
 * "load older" moves the focus to what it added, and downloads carry a name and an extension.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LayoutBrowserIT {

    static TestApp app;
    static Chromium chromium;
    static TestApp.Person camille;
    static UUID labReport;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        camille = app.register("Camille", RecordState.ACTIVE);
        Actor.Professional author = StoreFixture.physician();
        app.deposit(author, camille, DocumentClass.CONSULTATION_NOTE,
                "Compte rendu de consultation de cardiologie pédiatrique et d'électrophysiologie", "texte");
        labReport = app.deposit(author, camille, DocumentClass.LABORATORY_REPORT, "Bilan sanguin (mars)", "Glycémie");
        // Enough of the patient's own views for a second page of history.
        for (int i = 0; i < 25; i++) {
            TestApp.await(app.records().listDocuments(new Actor.Patient(camille.ins()), camille.ins()));
        }
        chromium = new Chromium("http://localhost:" + app.port());
        chromium.open(Paths.LOGIN);
        chromium.type("#f-ins", camille.ins().value());
        chromium.setDate("#f-birthDate", camille.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.type("#f-code", app.code(camille.phone(), 0));
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");
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

    static void width(int px) {
        chromium.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", px, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    /** Elements of {@code css} whose right edge passes the viewport, and whether the page scrolls sideways. */
    @SuppressWarnings("unchecked")
    static List<String> overflowing(String css) {
        return (List<String>) chromium.script("var w = document.documentElement.clientWidth; var out = [];"
                + "if (document.documentElement.scrollWidth > w) { out.push('page scrolls sideways: '"
                + " + document.documentElement.scrollWidth + ' > ' + w); }"
                + "document.querySelectorAll(arguments[0]).forEach(function (e) {"
                + "  var r = e.getBoundingClientRect(); if (r.right > w + 0.5) { out.push(e.tagName + ' ' + r.right); } });"
                + "return out;", css);
    }

    @Test
    @Order(1)
    void theWhoSeesWhatTableFitsAPhoneAt390And320Pixels() {
        for (int px : new int[] {390, 320}) {
            width(px);
            chromium.open(Paths.PRIVACY);
            new Select(chromium.find("#f-profession")).selectByValue(Profession.PHARMACIST.code());
            chromium.find("#f-profession").submit();
            chromium.waitFor("#" + Ids.PREVIEW_RESULT + " table");
            assertThat(chromium.find("#" + Ids.PREVIEW_RESULT).getText()).contains("Bilan sanguin", "Pharmacien");
            assertThat(overflowing("#" + Ids.PREVIEW_RESULT + " td, #" + Ids.PREVIEW_RESULT + " table"))
                    .as("at " + px + " px").isEmpty();
            chromium.assertAccessible("privacy preview at " + px + " px");
        }
        width(390);
    }

    @Test
    @Order(2)
    void theMenuFoldsBehindOneButtonOnAPhone() {
        chromium.open(Paths.DASHBOARD);
        var toggle = chromium.find("nav.main-nav .menu-toggle");
        assertThat(toggle.isDisplayed()).isTrue();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(chromium.find("nav.main-nav").getSize().getHeight()).as("folded: one line").isLessThan(70);
        assertThat(chromium.find("nav.main-nav a[href='" + Paths.HISTORY + "']").isDisplayed()).isFalse();
        toggle.click();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(chromium.find("nav.main-nav a[href='" + Paths.HISTORY + "']").isDisplayed()).isTrue();
        chromium.assertAccessible("dashboard with the menu open");
        chromium.screenshot("23-menu");
        chromium.find("nav.main-nav a[href='" + Paths.HISTORY + "']").sendKeys(Keys.ESCAPE);
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(chromium.script("return document.activeElement.classList.contains('menu-toggle')")).isEqualTo(true);

        // On a desktop the menu is simply there.
        width(1280);
        chromium.open(Paths.DASHBOARD);
        assertThat(chromium.find("nav.main-nav .menu-toggle").isDisplayed()).isFalse();
        assertThat(chromium.find("nav.main-nav a[href='" + Paths.HISTORY + "']").isDisplayed()).isTrue();
        width(390);
    }

    @Test
    @Order(3)
    void loadingOlderHistoryMovesTheFocusToWhatWasAdded() {
        chromium.open(Paths.HISTORY + "?filter=mine");
        chromium.find("#" + Ids.HISTORY_MORE + " a").click();
        new WebDriverWait(chromium.driver, Duration.ofSeconds(10)).until(d -> chromium.script(
                "return document.querySelectorAll('ol.history').length").equals(2L));
        new WebDriverWait(chromium.driver, Duration.ofSeconds(5)).until(d -> "2".equals(chromium.script(
                "var a = document.activeElement; return a && a.matches('ol.history') ? "
                        + "String(Array.prototype.indexOf.call(document.querySelectorAll('ol.history'), a) + 1) : '';")));
        assertThat(chromium.script("return document.activeElement.getAttribute('aria-label')")).asString()
                .contains("2");
        chromium.assertAccessible("history, second page");
    }

    @Test
    @Order(5)
    void theFooterLinksTheLegalNoticePersonalDataAndAccessibilityStatement() {
        chromium.open(Paths.DOCUMENTS);
        assertThat(chromium.find("#" + Ids.DOCUMENT_LIST).getText()).as("one 'Visible', not two")
                .doesNotContain("Visible Visible");
        Map<String, String> pages = Map.of(Paths.LEGAL_NOTICE, "Mentions légales",
                Paths.PERSONAL_DATA, "Données personnelles", Paths.ACCESSIBILITY, "Déclaration d'accessibilité");
        for (var page : pages.entrySet()) {
            chromium.open(Paths.DOCUMENTS);
            chromium.find("footer a[href='" + page.getKey() + "']").click();
            chromium.waitForLoad();
            assertThat(chromium.find("h1").getText()).isEqualTo(page.getValue());
            assertThat(chromium.find("footer a[href='" + page.getKey() + "']").getAttribute("aria-current"))
                    .isEqualTo("page");
            chromium.assertAccessible(page.getValue());
        }
        chromium.open(Paths.ACCESSIBILITY);
        assertThat(chromium.text()).contains("partiellement conforme", "RGAA 4.1", "Défenseur des droits");
        chromium.screenshot("26-accessibilite");
        chromium.open(Paths.PERSONAL_DATA);
        assertThat(chromium.text()).contains("Cookies", "CNIL", "10 ans", "Jamais les assureurs");
    }

    @Test
    @Order(4)
    void aDownloadIsNamedAfterItsTitleWithItsExtension() {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", camille.ins().value())
                .add("birthDate", camille.birthDate().toString()));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", camille.ins().value())
                .add("birthDate", camille.birthDate().toString()).add("code", app.codes.lastCode()));
        var r = b.get(Paths.of(Paths.DOCUMENT_CONTENT, labReport.toString()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"bilan-sanguin-mars.txt\"");
    }
}
