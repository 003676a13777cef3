package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.directives.PrintedIdentity;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The directives as a real PDF: a download named with its extension, under the downloads' sandbox CSP, whose text
 * (read back with PDFBox) names the person, their birth date and INS, holds their wishes and free text (accents and
 * all, 10,000 characters over several pages), and has signature lines for the author and the trusted person. The print
 * view shows the same.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DirectivesPdfIT {

    static TestApp app;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static Browserless signedIn(TestApp.Person p) {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()).add("code", app.codes.lastCode()));
        assertThat(b.get(Paths.DIRECTIVES).statusCode()).isEqualTo(200);
        return b;
    }

    static String text(Buffer pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.getBytes())) {
            return new PDFTextStripper().getText(doc);
        }
    }

    static int pages(Buffer pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.getBytes())) {
            return doc.getNumberOfPages();
        }
    }

    @Test
    void thePdfNamesThePersonHoldsTheWishesAndHasSignatureLines() throws Exception {
        TestApp.Person p = app.register("Hélène", RecordState.ACTIVE);
        Browserless b = signedIn(p);
        String wishes = "Je souhaite rester à la maison, entourée des miens ; pas d'acharnement.";
        b.post(Paths.DIRECTIVES_DRAFT, MultiMap.caseInsensitiveMultiMap().add("model", "A_SERIOUS_ILLNESS")
                .add("tpName", "Zoé Dupont").add("tpContact", "06 00 00 00 00").add("t-VENTILATION", "REFUSE")
                .add("sedation", "ACCEPT").add("freeText", wishes));

        HttpResponse<Buffer> r = b.get(Paths.DIRECTIVES_PDF);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(r.getHeader("Content-Disposition")).matches("attachment; filename=\"directives-anticipees-\\d{4}-\\d{2}-\\d{2}\\.pdf\"");
        assertThat(r.getHeader("Content-Security-Policy")).startsWith("sandbox");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(r.body().getString(0, 5)).isEqualTo("%PDF-");
        // Kept for a look (pdftoppm target/directives-sample.pdf …); not a screenshot of the docs.
        java.nio.file.Files.write(java.nio.file.Path.of("target", "directives-sample.pdf"), r.body().getBytes());

        String text = text(r.body()).replaceAll("\\s+", " ");
        String ins = new PrintedIdentity("", p.birthDate(), p.ins(), Instant.now()).insGrouped();
        assertThat(text).contains("Mes directives anticipées", "Hélène Martin", "12 mai 1985", ins,
                "Zoé Dupont", "Respiration artificielle", wishes, "Signature de l'auteur des directives : Hélène Martin",
                "Signature de la personne de confiance : Zoé Dupont", "Fait à", "Document établi le");

        String print = b.get(Paths.DIRECTIVES_PRINT).bodyAsString();
        assertThat(print).contains("Hélène Martin", ins, "Signature de la personne de confiance",
                "href=\"" + Paths.DIRECTIVES_PDF + "\"");
    }

    @Test
    void tenThousandCharactersLayOutOverSeveralPages() throws Exception {
        TestApp.Person p = app.register("Agnès", RecordState.ACTIVE);
        Browserless b = signedIn(p);
        String prose = "Ce qui compte pour moi : être soulagée, garder ma dignité, voir mes proches. ".repeat(140)
                .substring(0, 10_000);
        assertThat(b.post(Paths.DIRECTIVES_DRAFT, MultiMap.caseInsensitiveMultiMap().add("model", "B_GOOD_HEALTH")
                .add("freeText", prose)).statusCode()).isEqualTo(303);
        HttpResponse<Buffer> r = b.get(Paths.DIRECTIVES_PDF);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(pages(r.body())).isGreaterThan(2);
        assertThat(text(r.body()).replaceAll("\\s+", " ")).contains("garder ma dignité", "(aucune désignée)");
    }

    @Test
    void withoutDirectivesThereIsNoPdf() {
        TestApp.Person p = app.register("Rémi", RecordState.ACTIVE);
        Browserless b = signedIn(p);
        assertThat(b.get(Paths.DIRECTIVES_PDF).statusCode()).isEqualTo(404);
    }
}
