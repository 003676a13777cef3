package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The idle logout, said before and after: with a 12-second idle timeout (the real one is 15 minutes), a warning takes
 * the focus before the end and "Rester connecté" keeps the session; typing in a long form keeps it too; left alone, the
 * page lands on the login page saying "vous êtes déconnecté"; an explicit logout says so on the home page.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionBrowserIT {

    static final Duration IDLE = Duration.ofSeconds(12);
    static TestApp app;
    static Chromium chromium;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config().withSessionIdleTimeout(IDLE));
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
    void forget() {
        chromium.driver.manage().deleteAllCookies();
    }

    static void logIn(String name) {
        TestApp.Person p = app.register(name, RecordState.ACTIVE);
        chromium.open(Paths.LOGIN);
        chromium.type("#f-ins", p.ins().value());
        chromium.setDate("#f-birthDate", p.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.type("#f-code", app.code(p.phone(), 0));
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");
    }

    static WebDriverWait waiting(Duration d) {
        return new WebDriverWait(chromium.driver, d);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void aWarningTakesTheFocusBeforeTheEndAndStayingKeepsTheSession() {
        logIn("Adèle");
        var warning = waiting(IDLE).until(d -> {
            var w = chromium.find("#" + Ids.IDLE_WARNING);
            return w.isDisplayed() ? w : null;
        });
        assertThat(warning.getText()).contains("Votre session va se fermer", "Rester connecté");
        assertThat(chromium.script("return document.activeElement.id")).isEqualTo(Ids.IDLE_WARNING);
        chromium.assertAccessible("idle warning");
        chromium.screenshot("24-deconnexion-imminente");
        warning.findElement(org.openqa.selenium.By.cssSelector("[data-stay]")).click();
        waiting(Duration.ofSeconds(5)).until(d -> !chromium.find("#" + Ids.IDLE_WARNING).isDisplayed());
        // Past the first deadline: the session was refreshed, a page still opens signed in.
        sleep(Duration.ofSeconds(5));
        chromium.open(Paths.DOCUMENTS);
        assertThat(chromium.driver.getCurrentUrl()).endsWith(Paths.DOCUMENTS);
    }

    @Test
    @Order(2)
    void typingInALongFormKeepsTheSessionAlive() {
        logIn("Basile");
        chromium.open(Paths.DIRECTIVES);
        long end = System.currentTimeMillis() + IDLE.toMillis() + 6_000;
        while (System.currentTimeMillis() < end) {
            chromium.find("#f-freeText").sendKeys("Je souhaite rester chez moi. ");
            sleep(Duration.ofMillis(1_500));
        }
        chromium.find("#" + Ids.DIRECTIVES_FORM + " button[type=submit]").click();
        chromium.waitFor(".notice.success");
        assertThat(chromium.driver.getCurrentUrl()).contains(Paths.DIRECTIVES);
    }

    @Test
    @Order(3)
    void leftAloneThePageSaysYouAreLoggedOut() {
        logIn("Cyril");
        chromium.open(Paths.DOCUMENTS);
        waiting(IDLE.plusSeconds(10)).until(d -> d.getCurrentUrl().contains(Paths.LOGIN + "?" + Paths.EXPIRED));
        chromium.waitForLoad();
        assertThat(chromium.text()).contains("Vous êtes déconnecté");
        assertThat(chromium.driver.findElements(org.openqa.selenium.By.cssSelector("nav.main-nav"))).isEmpty();
        chromium.assertAccessible("logged out after inactivity");
        chromium.screenshot("25-deconnecte");
    }

    @Test
    @Order(4)
    void anExplicitLogoutSaysSo() {
        logIn("Diane");
        chromium.find("header form button").click();
        chromium.waitFor(".notice.success");
        assertThat(chromium.text()).contains("Vous êtes déconnecté");
    }
}
