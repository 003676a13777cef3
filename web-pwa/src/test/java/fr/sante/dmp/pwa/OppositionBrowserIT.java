package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opposition, once: the confirmation is post-redirect-get (the receipt is a GET, Back never resends the form) and
 * idempotent (the same form sent again opposes nothing), the receipt's copy goes by SMS, and a signed-in patient undoes
 * without the receipt's code. Real Chromium, real store, codes and receipts read from the dev inbox.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OppositionBrowserIT {

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
    void forget() {
        chromium.driver.manage().deleteAllCookies();
    }

    static RecordState state(TestApp.Person p) {
        return app.overview(p).state();
    }

    @Test
    @Order(1)
    void backAfterUndoingNeverOpposesAgainAndTheSameFormSentTwiceOpposesOnce() {
        TestApp.Person louise = app.register("Louise", RecordState.INVITED);
        String invitationCode = TestApp.await(app.patients().login().issueInvitationCode("admin", louise.ins()));
        chromium.open(Paths.OPPOSITION);
        chromium.type("#f-ins", louise.ins().value());
        chromium.setDate("#f-birthDate", louise.birthDate().toString());
        chromium.type("#f-invitationCode", invitationCode);
        chromium.find("#f-invitationCode").submit();
        chromium.waitFor("#f-confirm");
        // The form as it is now, to send it again later as a stale tab or a replay would.
        String grant = chromium.find("input[name=grant]").getAttribute("value");
        String nonce = chromium.find("input[name=nonce]").getAttribute("value");
        chromium.find("#f-confirm").click();
        chromium.find("#f-confirm").submit();
        chromium.waitFor("#" + Ids.RECEIPT);
        assertThat(chromium.driver.getCurrentUrl()).as("post-redirect-get").endsWith(Paths.OPPOSITION_RECEIPT);
        assertThat(state(louise)).isEqualTo(RecordState.OPPOSED);
        String receiptCode = chromium.find(".verification").getText();
        assertThat(receiptCode).matches("[A-Z0-9]{4}(-[A-Z0-9]{4}){3}");

        // The copy by SMS carries the same code.
        List<String> sms = app.bodies(louise.phone(), 1);
        assertThat(sms).hasSize(1);
        assertThat(sms.get(0)).contains(receiptCode, "refus");
        assertThat(app.codes.receipts()).hasSize(1);

        // Reloading the receipt opposes nothing either.
        chromium.driver.navigate().refresh();
        chromium.waitFor("#" + Ids.RECEIPT);
        assertThat(app.codes.receipts()).hasSize(1);

        chromium.find("form[action='" + Paths.OPPOSITION_WITHDRAW + "'] button").click();
        chromium.waitFor(".notice.success");
        assertThat(state(louise)).isEqualTo(RecordState.INVITED);
        assertThat(chromium.driver.getCurrentUrl()).as("post-redirect-get").endsWith(Paths.OPPOSITION_RECEIPT);

        // Back: the receipt page, a GET, which now says the refusal was withdrawn; nothing is sent again.
        chromium.driver.navigate().back();
        chromium.waitForLoad();
        assertThat(state(louise)).isEqualTo(RecordState.INVITED);
        assertThat(chromium.text()).doesNotContain("Récépissé de refus");

        // The same confirmation form sent again (a stale tab, a replay): the nonce is spent, nothing is opposed.
        chromium.open(Paths.OPPOSITION);
        chromium.script("var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                + "[['grant', arguments[1]], ['nonce', arguments[2]], ['confirm', 'yes'],"
                + " ['_csrf', document.querySelector('meta[name=csrf-token]').content]].forEach(function (kv) {"
                + "  var i = document.createElement('input'); i.type = 'hidden'; i.name = kv[0]; i.value = kv[1];"
                + "  f.appendChild(i); });"
                + "document.body.appendChild(f); f.submit();", Paths.OPPOSITION_CONFIRM, grant, nonce);
        chromium.waitFor(".notice.success");
        assertThat(chromium.text()).contains("Votre refus est annulé");
        assertThat(state(louise)).isEqualTo(RecordState.INVITED);
        assertThat(app.codes.receipts()).as("no second receipt").hasSize(1);
        chromium.assertAccessible("withdrawn after a replay");
    }

    @Test
    @Order(2)
    void aSignedInPatientUndoesWithoutTheReceiptCode() {
        TestApp.Person paul = app.register("Paul", RecordState.INVITED);
        chromium.open(Paths.LOGIN);
        chromium.type("#f-ins", paul.ins().value());
        chromium.setDate("#f-birthDate", paul.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.type("#f-code", app.code(paul.phone(), 0));
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");

        chromium.open(Paths.OPPOSITION);
        chromium.find("#f-confirm").click();
        chromium.find("#f-confirm").submit();
        chromium.waitFor("#" + Ids.RECEIPT);
        assertThat(state(paul)).isEqualTo(RecordState.OPPOSED);

        // The documents page says why it is empty, not "access denied".
        chromium.open(Paths.DOCUMENTS);
        assertThat(chromium.text()).contains("Vous avez refusé la création de votre dossier")
                .doesNotContain("Vous n'avez pas accès");

        chromium.open(Paths.OPPOSITION);
        assertThat(chromium.text()).contains("sans saisir le code");
        assertThat(chromium.driver.findElements(org.openqa.selenium.By.cssSelector("#f-receiptCode"))).isEmpty();
        chromium.assertAccessible("signed-in opposition status");
        chromium.find("form[action='" + Paths.OPPOSITION_WITHDRAW + "'] button").click();
        chromium.waitFor(".notice.success");
        assertThat(state(paul)).isEqualTo(RecordState.INVITED);
        // The identity came back with the kept code: the patient can still log in.
        assertThat(TestApp.await(app.patients().login().contactForLogin(paul.ins(), paul.birthDate()))).isPresent();
    }
}
