package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.pwa.support.Chromium;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operators' pages in the system Chromium (web-pwa's harness: phone-sized viewport, axe-core, console watched for
 * CSP violations): sign in, upload a cohort with its progress bar, read the refused lines and the daily chart, flag an
 * emergency access for the data protection officer, in French and English. Screenshots in docs/screenshots/operator-*.
 */
@ExtendWith(PlatformExtension.class)
class OperatorBrowserIT {
    private static final String BIRTH_DATE = "1985-05-14";

    @Test
    void anOperatorUploadsACohortReadsItsChartAndFlagsAnEmergencyAccessOnAccessiblePages(Dmp dmp, @TempDir Path dir)
            throws Exception {
        TestPatient p = TestPatient.registered(dmp);
        String grant = dmp.breakGlass(dmp.physician(Identities.rpps()), p.ins(),
                "unconscious patient brought in by SAMU, checking allergies").bodyAsJsonObject()
                .getJsonObject("breakGlass").getString("id");
        Path cohort = dir.resolve("cohorte.csv");
        Files.writeString(cohort, "ins,birthDate,givenName,familyName,phone,email,language,postalAddress\n"
                + Identities.ins() + "," + BIRTH_DATE + ",Alice,Martin," + phone() + ",,fr,\n"
                + Identities.insWithWrongKey() + "," + BIRTH_DATE + ",Carla,Petit," + phone() + ",,fr,\n"
                + Identities.ins() + "," + BIRTH_DATE + ",Denis,Roux,,,fr,12 rue des Lilas|75011 PARIS\n"
                + Identities.ins() + "," + BIRTH_DATE + ",Emma,Blanc,,,fr,12 rue des Lilas\n");

        try (Chromium browser = new Chromium("http://localhost:" + dmp.platform.httpPort())) {
            browser.open("/operateur/connexion");
            browser.assertAccessible("operator sign-in");
            browser.screenshot("operator-login");
            browser.type("#f-token", dmp.admin());
            browser.find("main form button[type=submit]").click();
            try {
                browser.waitFor("#new-campaign");
            } catch (RuntimeException e) {
                throw new AssertionError("after sign-in at " + browser.driver.getCurrentUrl() + ": " + browser.text()
                        + " " + browser.consoleErrors(), e);
            }
            browser.assertAccessible("campaigns");

            browser.find("#new-campaign").click();
            browser.waitFor("#cohort-form");
            browser.assertAccessible("cohort upload");
            browser.screenshot("operator-upload");
            browser.find("#f-cohort").sendKeys(cohort.toString());
            browser.find("#cohort-form button[type=submit]").click();
            // The script sends the file by XHR, shows the bar, then opens the campaign's page.
            new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                    .until(d -> d.getCurrentUrl().matches(".*/operateur/campagnes/[0-9a-f-]{36}$"));
            browser.waitFor("#refused");
            String url = browser.driver.getCurrentUrl();
            String id = url.substring(url.lastIndexOf('/') + 1);
            assertThat(browser.find("[data-count=imported]").getText()).isEqualTo("2");
            assertThat(browser.find("#refused").getText()).contains("ins").contains("postalAddress")
                    .doesNotContain("Carla").doesNotContain("Lilas");

            // Once the invitations went, the chart has today's point.
            settled(dmp, id);
            schedulerPass(dmp);
            browser.open("/operateur/campagnes/" + id);
            browser.waitFor("#chart");
            assertThat(browser.driver.findElements(By.cssSelector("#chart polyline"))).hasSize(4);
            assertThat(browser.driver.findElements(By.cssSelector("#chart circle"))).hasSize(4);
            browser.assertAccessible("campaign with its chart");
            browser.screenshot("operator-campaign");
            browser.open("/operateur/campagnes/" + id + "?lang=en");
            assertThat(browser.find("h2#daily-title").getText()).startsWith("Per day");
            browser.assertAccessible("campaign in English");
            browser.open("/operateur/campagnes/" + id + "?lang=fr");

            browser.open("/operateur/bris-de-glace");
            browser.waitFor("[data-grant='" + grant + "']");
            browser.assertAccessible("break-glass queue");
            browser.screenshot("operator-break-glass");
            browser.find("[data-grant='" + grant + "'] form[action$='/signaler'] button").click();
            browser.waitFor("[data-grant='" + grant + "'] [data-state=flagged]");
            browser.assertAccessible("break-glass queue after a flag");
        }
    }

    @Test
    void aPhoneAgentChecksTheCallersIdentityThenReadsTheReceiptOutOnAccessiblePages(Dmp dmp) {
        TestPatient p = TestPatient.registered(dmp, "INVITED", BIRTH_DATE, "Léa", "N'Diaye");
        try (Chromium browser = new Chromium("http://localhost:" + dmp.platform.httpPort())) {
            browser.open("/operateur/connexion");
            browser.type("#f-token", dmp.admin());
            browser.find("main form button[type=submit]").click();
            browser.waitFor("#new-campaign");

            browser.open("/operateur/opposition");
            browser.waitFor("#assist-form");
            browser.assertAccessible("assisted opposition");
            browser.type("#f-identifier", p.ins());
            browser.type("#f-familyName", "n diaye");
            browser.type("#f-givenName", "Lucie");
            browser.type("#f-birthDate", "14/05/1985");
            browser.find("#assist-form button[type=submit]").click();
            browser.waitFor("#assist-outcome[data-outcome=NOT_CONFIRMED]");
            browser.assertAccessible("identity not confirmed");

            browser.type("#f-givenName", "LEA");
            browser.find("#assist-form button[type=submit]").click();
            browser.waitFor("#assist-confirm-form");
            assertThat(browser.find("#assist-state").getText()).startsWith("L'invitation est ouverte");
            browser.assertAccessible("identity confirmed");
            browser.screenshot("operator-opposition-check");

            browser.find("#f-confirm").click();
            browser.find("#assist-confirm-form button[type=submit]").click();
            browser.waitFor("#assist-receipt");
            assertThat(browser.find("#assist-code").getText()).matches("[A-Z2-9]{4}( [A-Z2-9]{4}){3}");
            assertThat(browser.find("#assist-copy").getText()).contains("SMS");
            browser.assertAccessible("receipt to read out");
            browser.screenshot("operator-opposition-receipt");

            browser.open("/operateur/opposition?lang=en");
            assertThat(browser.find("h1").getText()).isEqualTo("Opposition by phone");
            browser.assertAccessible("assisted opposition in English");
            browser.open("/operateur/opposition?lang=fr");
        }
    }

    private static void settled(Dmp dmp, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonObject now = dmp.get("/api/v1/admin/campaigns/" + id, dmp.admin()).bodyAsJsonObject();
            if (now.getLong("queued") == 0) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the campaign's messages did not go within 60 s");
    }

    private static void schedulerPass(Dmp dmp) throws Exception {
        PrintStream out = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(fr.sante.dmp.gateway.cli.SchedulerCommand.run(dmp.platform.config(), List.of("run"))).isZero();
        } finally {
            System.setOut(out);
        }
    }

    private static String phone() {
        return "+3361" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }
}
