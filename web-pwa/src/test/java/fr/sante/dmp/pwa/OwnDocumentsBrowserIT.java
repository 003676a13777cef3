package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The "add a document" form in Chromium with JavaScript on: a refused file is explained in the form (htmx swaps it
 * back, the error summary takes the focus inside {@code role=alert}), a PDF is added and can be deleted; the profile's
 * "download my record" section. axe-core on each state; screenshots 27 and 28.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class OwnDocumentsBrowserIT {
    static TestApp app;
    static Chromium chromium;
    static TestApp.Person camille;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        camille = app.register("Camille", RecordState.ACTIVE);
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

    @Test
    void aRefusedFileIsExplainedInTheFormAndAPdfIsAddedThenDeleted() throws Exception {
        Path dir = Files.createTempDirectory("uploads");
        Path html = Files.writeString(dir.resolve("resultats.pdf"), "<html><script>alert(1)</script></html>");
        Path pdf = Files.write(dir.resolve("scanner.png"), OwnDocumentsIT.PDF);
        chromium.open(Paths.DOCUMENTS);
        chromium.assertAccessible("documents with the add form");

        chromium.type("#f-docTitle", "Résultats");
        chromium.find("#f-file").sendKeys(html.toAbsolutePath().toString());
        chromium.find("#own-document button[type=submit]").click();
        chromium.waitFor("#own-document [role=alert]");

        assertThat(chromium.find("#own-document [role=alert]").getText()).contains("n'est ni un PDF");
        assertThat(chromium.script("return document.activeElement.closest('[role=alert]') !== null;"))
                .as("the error summary has the focus").isEqualTo(true);
        assertThat(chromium.find("#f-file").getAttribute("aria-invalid")).isEqualTo("true");
        chromium.assertAccessible("documents with the add form's error");
        chromium.screenshot("27-document-ajout-refuse");

        chromium.find("#f-file").sendKeys(pdf.toAbsolutePath().toString());
        chromium.find("#own-document button[type=submit]").click();
        chromium.waitFor(".notice.success");
        assertThat(chromium.text()).contains("Votre document est ajouté", "Résultats", "Supprimer ce document");
        assertThat(app.documentsOf(camille)).singleElement().satisfies(d -> {
            assertThat(d.classCode()).isEqualTo(DocumentClass.PATIENT_DOCUMENT.loinc());
            assertThat(d.contentType()).isEqualTo("application/pdf");
        });

        chromium.find("button.danger").click();
        chromium.waitFor(".notice.success");
        assertThat(chromium.text()).contains("Votre document est supprimé");
        assertThat(app.documentsOf(camille)).isEmpty();
    }

    @Test
    void theProfileOffersTheWholeRecordAsAZip() {
        chromium.open(Paths.PROFILE);
        assertThat(chromium.find("#p-export").getText()).isEqualTo("Télécharger tout mon dossier");
        assertThat(chromium.find("form[action='" + Paths.PROFILE_EXPORT + "'] input[name=_csrf]")
                .getAttribute("value")).isNotBlank();
        chromium.assertAccessible("profile with the export");
        chromium.screenshot("28-profil-export");
    }
}
