package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.pwa.support.Chromium;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operators' page for representation links (issue 16) in the system Chromium: each bad input of the issue comes
 * back on the form next to its field, in French and English, with nothing written; a link is created and ended with
 * its justification, both audited under the operator; the pages are accessible (axe-core). A post from another site
 * is refused. Screenshots docs/screenshots/operator-representations*.png.
 */
@ExtendWith(PlatformExtension.class)
class OperatorRepresentationsBrowserIT {

    @Test
    void anOperatorCreatesAndEndsALinkAndEveryBadInputIsAClearErrorOnTheForm(Dmp dmp) {
        TestPatient parent = TestPatient.born(dmp, "1983-03-03", "Claire", "Moreau");
        TestPatient child = TestPatient.born(dmp, "2018-08-08", "Jules", "Moreau");
        TestPatient teenager = TestPatient.born(dmp, "2011-11-11", "Nina", "Moreau");
        TestPatient adult = TestPatient.born(dmp, "1991-01-01", "Rémi", "Moreau");
        TestPatient otherGuardian = TestPatient.born(dmp, "1970-07-07", "Odile", "Faure");
        List<String> before = written(dmp);

        try (Chromium browser = new Chromium("http://localhost:" + dmp.platform.httpPort())) {
            browser.open("/operateur/connexion?lang=fr");
            browser.type("#f-token", dmp.admin());
            browser.find("main form button[type=submit]").click();
            browser.waitFor("#new-campaign");
            browser.open("/operateur/representations");
            browser.waitFor("#rep-create");
            browser.assertAccessible("representation links");
            browser.screenshot("operator-representations");

            // A link to oneself.
            create(browser, parent.ins(), parent.ins(), "PARENTAL_AUTHORITY", "Livret de famille");
            assertThat(browser.find("#f-represented-error").getText()).contains("sa propre représentante");
            assertThat(browser.find("#f-representative").getAttribute("value")).isEqualTo(parent.ins());
            browser.assertAccessible("a link to oneself refused");
            browser.screenshot("operator-representations-errors");
            // A representative who is a minor.
            create(browser, teenager.ins(), child.ins(), "PARENTAL_AUTHORITY", "Livret de famille");
            assertThat(browser.find("#f-representative-error").getText()).contains("mineur");
            // An unknown INS.
            create(browser, parent.ins(), Identities.ins(), "PARENTAL_AUTHORITY", "Livret de famille");
            assertThat(browser.find("#f-represented-error").getText()).contains("Aucun dossier");
            // A malformed INS and a missing justification, together.
            create(browser, "12345", child.ins(), "PARENTAL_AUTHORITY", "");
            assertThat(browser.find("#f-representative-error").getText()).contains("INS valide");
            assertThat(browser.find("#f-justification-error").getText()).contains("obligatoire");
            // Overlapping guardians.
            create(browser, otherGuardian.ins(), adult.ins(), "GUARDIAN", "Jugement de tutelle du 2 mars");
            browser.waitFor("#rep-created");
            create(browser, parent.ins(), adult.ins(), "GUARDIAN", "Autre jugement");
            assertThat(browser.find("#rep-conflict").getText()).contains("Tuteurs en chevauchement");
            browser.assertAccessible("overlapping guardians refused");
            List<String> oneGuardian = written(dmp);
            assertThat(oneGuardian.get(0)).isEqualTo(String.valueOf(Long.parseLong(before.get(0)) + 1));

            // The parent's link, created then ended, each with its justification, audited under the operator.
            create(browser, parent.ins(), child.ins(), "PARENTAL_AUTHORITY", "Livret de famille vérifié au guichet");
            browser.waitFor("#rep-created");
            String link = browser.find("#rep-created").getText();
            assertThat(dmp.get("/api/v1/me/represented", parent.login(dmp)).bodyAsString()).contains(link);
            browser.open("/operateur/representations");
            browser.type("#f-link", link);
            browser.type("#f-endJustification", "Jugement du 5 décembre : retrait de l'autorité parentale");
            browser.find("#rep-end button[type=submit]").click();
            browser.waitFor("#rep-notice");
            assertThat(browser.find("#rep-notice").getText()).contains("a pris fin");
            assertThat(audit(dmp)).contains("CREATE_REPRESENTATION", "END_REPRESENTATION");
            // Ending it again: the link is no longer current.
            browser.open("/operateur/representations");
            browser.type("#f-link", link);
            browser.type("#f-endJustification", "Encore");
            browser.find("#rep-end button[type=submit]").click();
            browser.waitFor("#f-link-error");
            assertThat(browser.find("#f-link-error").getText()).contains("Aucun lien en cours");

            browser.open("/operateur/representations?lang=en");
            browser.find("#rep-create button[type=submit]").click();
            browser.waitFor("#error-summary");
            assertThat(browser.find("#error-summary").getText()).contains("The form has errors",
                    "This field is required");
            browser.assertAccessible("representation links in English, with errors");
            browser.open("/operateur/representations?lang=fr");
        }

        // Another site's form: refused before anything is read or written.
        HttpResponse<Buffer> forged = await(dmp.request(HttpMethod.POST, "/operateur/representations", null)
                .putHeader("Cookie", "dmp-operator=" + dmp.admin()).putHeader("Origin", "https://evil.example")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("representative=" + parent.ins() + "&represented=" + child.ins()
                        + "&kind=PARENTAL_AUTHORITY&from=2026-01-01&justification=x")));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    private static void create(Chromium browser, String representative, String represented, String kind,
                               String justification) {
        browser.open("/operateur/representations");
        browser.waitFor("#rep-create");
        browser.type("#f-representative", representative);
        browser.type("#f-represented", represented);
        browser.find(kind.equals("PARENTAL_AUTHORITY") ? "#f-kind" : "#f-kind-" + kind).click();
        browser.setDate("#f-from", "2026-01-01");
        browser.type("#f-justification", justification);
        browser.find("#rep-create button[type=submit]").click();
        browser.waitFor("#rep-notice, #error-summary");
    }

    /** Links, and the operators' entries about them, in the whole database. */
    private static List<String> written(Dmp dmp) {
        return query(dmp, "SELECT (SELECT count(*) FROM representation)::text UNION ALL "
                + "SELECT (SELECT count(*) FROM audit_log WHERE action = 'CREATE_REPRESENTATION')::text");
    }

    private static List<String> audit(Dmp dmp) {
        return query(dmp, "SELECT action FROM audit_log WHERE actor_kind = 'OPERATOR' AND action IN "
                + "('CREATE_REPRESENTATION', 'END_REPRESENTATION') ORDER BY seq DESC LIMIT 2");
    }

    private static List<String> query(Dmp dmp, String sql) {
        io.vertx.sqlclient.SqlClient client = io.vertx.pgclient.PgBuilder.client().connectingTo(dmp.pgUri())
                .using(dmp.vertx).build();
        try {
            List<String> out = new ArrayList<>();
            await(client.query(sql).execute()).forEach(r -> out.add(String.valueOf(r.getValue(0))));
            return out;
        } finally {
            client.close();
        }
    }
}
