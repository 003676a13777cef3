package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestClock;
import fr.sante.dmp.store.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * With JavaScript on (htmx), every refusal shows on screen, takes the focus and is announced (role=alert): the
 * server's 4xx answers are swapped like 2xx ones, and failures with no form of their own land in the page's alert
 * region. Real Chromium on the real components; each case reads the message a person would see.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErrorsBrowserIT {

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

    @AfterEach
    void logOut() {
        chromium.driver.manage().deleteAllCookies();
    }

    /** The focused element's text, or the text of the announced (role=alert) block that holds the focus. */
    static String focusedAlert() {
        return (String) chromium.script("var a = document.activeElement;"
                + "var box = a && a.closest ? a.closest('[role=alert]') : null;"
                + "return box ? box.innerText : 'focus is on ' + (a ? a.outerHTML.substring(0, 120) : 'nothing');");
    }

    /** Waits until a visible element matching {@code css} contains {@code text}; returns it. */
    static WebElement waitForText(String css, String text) {
        return new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> d.findElements(
                org.openqa.selenium.By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
    }

    static void askCode(TestApp.Person p) {
        chromium.open(Paths.LOGIN);
        chromium.type("#f-ins", p.ins().value());
        chromium.setDate("#f-birthDate", p.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
    }

    /** Types the code and submits it; the form being replaced is marked, so waits see only the new answer. */
    static void submitCode(String code) {
        chromium.type("#f-code", code);
        chromium.script("document.getElementById('" + Ids.LOGIN_FORM + "').setAttribute('data-old', '');");
        chromium.find("#" + Ids.LOGIN_FORM + " form[action='" + Paths.LOGIN_CODE + "'] button").click();
    }

    static final String FRESH = "#" + Ids.LOGIN_FORM + ":not([data-old])";

    static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    @Order(1)
    void anEmptyLoginFormNamesBothFieldsAndTakesTheFocus() {
        chromium.open(Paths.LOGIN);
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        WebElement summary = waitForText("#" + Ids.ERROR_SUMMARY, "Saisissez votre numéro de sécurité sociale");
        assertThat(summary.getText()).contains("Saisissez votre date de naissance");
        assertThat(summary.getAttribute("role")).isEqualTo("alert");
        assertThat(chromium.find("#f-ins-error").getText()).contains("Saisissez votre numéro");
        assertThat(focusedAlert()).contains("Saisissez votre numéro de sécurité sociale");
        chromium.assertAccessible("login with errors");
    }

    @Test
    @Order(2)
    void aWrongCodeIsSaidNextToTheFieldAndInTheSummary() {
        TestApp.Person p = app.register("Inès", RecordState.ACTIVE);
        askCode(p);
        submitCode(wrong(app.code(p.phone(), 0)));
        waitForText("#f-code-error", "Ce code n'est pas valable");
        assertThat(focusedAlert()).contains("Ce code n'est pas valable");
        assertThat(chromium.text()).doesNotContain("un code vient d'être envoyé");
        chromium.assertAccessible("login with a wrong code");
        chromium.screenshot("22-connexion-code-faux");
    }

    @Test
    @Order(3)
    void tenWrongCodesEachShowTheRefusal_andTheRightCodeAfterThemNoLongerOpens() {
        TestApp.Person p = app.register("Jules", RecordState.ACTIVE);
        askCode(p);
        String right = app.code(p.phone(), 0);
        for (int i = 1; i <= 10; i++) {
            submitCode(wrong(right));
            waitForText(FRESH + " #f-code-error", "Ce code n'est pas valable");
            assertThat(focusedAlert()).as("attempt " + i).contains("Ce code n'est pas valable");
        }
        // The 5th wrong try burnt it: the right code is refused the same way, visibly.
        submitCode(right);
        waitForText(FRESH + " #f-code-error", "Ce code n'est pas valable");
        assertThat(chromium.driver.getCurrentUrl()).endsWith(Paths.LOGIN);
    }

    @Test
    @Order(4)
    void tooManyCodeRequestsSayNothingWasSentAndKeepTheCodeStep() {
        TestApp.Person p = app.register("Nour", RecordState.ACTIVE);
        askCode(p);
        String newCode = "#" + Ids.LOGIN_FORM + " form[action='" + Paths.LOGIN + "'] button";
        for (int sent = 1; sent < 3; sent++) {
            chromium.find(newCode).click();
            app.code(p.phone(), sent);
            waitForText("#" + Ids.LOGIN_FORM + " [role=status]", "un code vient d'être envoyé");
        }
        chromium.find(newCode).click();
        waitForText("#" + Ids.LOGIN_FORM + " [role=alert]", "aucun nouveau code n'a été envoyé");
        assertThat(focusedAlert()).contains("Vous avez demandé trop de codes");
        assertThat(chromium.text()).doesNotContain("un code vient d'être envoyé");
        // Three codes, then the notice that logins are locked for a while (no code in it).
        java.util.List<String> bodies = app.bodies(p.phone(), 4);
        java.util.List<String> codes = bodies.stream().map(b -> java.util.regex.Pattern.compile("\\b(\\d{6})\\b")
                .matcher(b)).filter(java.util.regex.Matcher::find).map(m -> m.group(1)).toList();
        assertThat(bodies).hasSize(4);
        assertThat(codes).hasSize(3);
        // The last code received still opens the space from that same step.
        submitCode(codes.get(2));
        chromium.waitFor("nav.main-nav");
        chromium.assertAccessible("dashboard");
    }

    @Test
    @Order(5)
    void aWrongSignatureCodeForTheDirectivesIsShownAndFocused() {
        TestApp.Person p = app.register("Maël", RecordState.ACTIVE);
        askCode(p);
        submitCode(app.code(p.phone(), 0));
        chromium.waitFor("nav.main-nav");
        chromium.open(Paths.DIRECTIVES);
        chromium.type("#f-freeText", "Je souhaite rester chez moi.");
        chromium.find("#" + Ids.DIRECTIVES_FORM + " button[type=submit]").click();
        chromium.waitFor(".notice.success");
        chromium.find("#" + Ids.SIGN_PANEL + " button").click();
        chromium.waitFor("#" + Ids.SIGN_PANEL + " #f-code");
        String right = app.code(p.phone(), 1);
        chromium.type("#" + Ids.SIGN_PANEL + " #f-code", wrong(right));
        chromium.find("#" + Ids.SIGN_PANEL + " button").click();
        waitForText("#" + Ids.SIGN_PANEL + " #f-code-error", "Ce code n'est pas le bon");
        assertThat(focusedAlert()).contains("Ce code n'est pas le bon");
        chromium.assertAccessible("directives with a wrong signature code");
    }

    @Test
    @Order(6)
    void aRefusalWithNoFormOfItsOwnLandsInThePagesAlertRegion() {
        TestApp.Person p = app.register("Lou", RecordState.ACTIVE);
        askCode(p);
        submitCode(app.code(p.phone(), 0));
        chromium.waitFor("nav.main-nav");
        chromium.open(Paths.DIRECTIVES);
        chromium.type("#f-freeText", "Texte");
        chromium.find("#" + Ids.DIRECTIVES_FORM + " button[type=submit]").click();
        chromium.waitFor(".notice.success");
        // A stale page's token (another tab logged out and in again, say): the server refuses and says why.
        chromium.script("document.querySelector('meta[name=csrf-token]').setAttribute('content', 'stale');");
        chromium.find("#" + Ids.SIGN_PANEL + " button").click();
        waitForText("#" + Ids.APP_ALERT + " [role=alert]", "Action refusée par sécurité");
        assertThat(focusedAlert()).contains("Rechargez la page");
        assertThat(chromium.find("#" + Ids.SIGN_PANEL).getText()).doesNotContain("Action refusée");
    }

    @Test
    @Order(7)
    void anExpiredCodeIsRefusedVisibly() {
        TestClock clock = new TestClock();
        app.restart(TestApp.config().withClock(clock));
        chromium.close();
        chromium = new Chromium("http://localhost:" + app.port());
        TestApp.Person p = app.register("Alix", RecordState.ACTIVE);
        askCode(p);
        String code = app.code(p.phone(), 0);
        clock.advance(TestApp.config().codeTtl());
        submitCode(code);
        waitForText("#f-code-error", "Ce code n'est pas valable");
        assertThat(focusedAlert()).contains("Ce code n'est pas valable");
    }
}
