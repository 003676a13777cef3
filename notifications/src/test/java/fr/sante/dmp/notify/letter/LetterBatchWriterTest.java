package fr.sante.dmp.notify.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.template.RenderedMessage;
import fr.sante.dmp.notify.template.TemplateCatalog;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LetterBatchWriterTest {
    private static final TemplateCatalog TEMPLATES = TemplateCatalog.load();

    @TempDir
    Path exportDir;

    static Letter invitation(int i, Language language) {
        RenderedMessage r = TEMPLATES.render("invitation", language, Map.of("deadline", "2027-03-15",
                "oppositionUrl", "https://monespacesante.fr/opposition", "code", "AB12-CD34-" + (1000 + i)));
        PostalAddress to = PostalAddress.of("Zoé", "Łukasiewicz-Dupont " + i, "12 RUE DES LILAS|75011 PARIS");
        return new Letter(UUID.randomUUID(), "invitation", language, to, r);
    }

    @Test
    void aBatchIsOnePageAPerLetterWithTheAddressTheCodeAndItsReferenceThenAManifestWithTheChecksum()
            throws Exception {
        LetterBatchWriter writer = new LetterBatchWriter(exportDir, Clock.systemUTC());
        writer.prepare();
        List<Letter> letters = List.of(invitation(1, Language.fr), invitation(2, Language.en),
                invitation(3, Language.fr));

        LetterBatchWriter.Batch batch = writer.write(letters);

        byte[] pdf = Files.readAllBytes(batch.pdf());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
            PDFTextStripper strip = new PDFTextStripper();
            strip.setStartPage(2);
            strip.setEndPage(2);
            String second = strip.getText(doc);
            assertThat(second).contains("ZOÉ ŁUKASIEWICZ-DUPONT 2", "12 RUE DES LILAS", "75011 PARIS",
                    "AB12-CD34-1002", "Your personal code", letters.get(1).messageId().toString());
            assertThat(second).doesNotContain("AB12-CD34-1001");
        }
        JsonObject manifest = new JsonObject(Files.readString(batch.manifest()));
        assertThat(manifest.getInteger("letters")).isEqualTo(3);
        assertThat(manifest.getJsonObject("file").getString("sha256")).isEqualTo(LetterBatchWriter.sha256(pdf));
        assertThat(manifest.getJsonObject("file").getLong("bytes")).isEqualTo(pdf.length);
        assertThat(manifest.getJsonObject("byLanguage").getInteger("fr")).isEqualTo(2);
        assertThat(manifest.getJsonArray("references").getList())
                .containsExactly(letters.stream().map(l -> l.messageId().toString()).toArray());
        try (Stream<Path> files = Files.list(exportDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(batch.name() + ".pdf", batch.name() + ".manifest.json");
        }
    }

    @Test
    void aTemporaryFileLeftByACrashIsRemovedAtStartAndNeverLooksLikeABatch() throws Exception {
        Files.writeString(exportDir.resolve(".letters-20270101T000000Z-deadbeef.pdf.tmp"), "half");
        new LetterBatchWriter(exportDir, Clock.systemUTC()).prepare();
        try (Stream<Path> files = Files.list(exportDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anAddressAWindowEnvelopeCannotShowIsRefused() {
        assertThatThrownBy(() -> PostalAddress.of("A", "B", "12 RUE DES LILAS"))
                .hasMessageContaining("postcode");
        assertThatThrownBy(() -> PostalAddress.of("A", "B", "1|2|3|4|5|75011 PARIS"))
                .hasMessageContaining("lines");
        assertThatThrownBy(() -> PostalAddress.of("A", "B", "X".repeat(39) + "|75011 PARIS"))
                .hasMessageContaining("38");
        assertThat(PostalAddress.of("Jean", "Dupont", " 3  bis  rue Haute | 97400 SAINT-DENIS").lines())
                .containsExactly("JEAN DUPONT", "3 bis rue Haute", "97400 SAINT-DENIS");
    }

    /** Used by the bench: n letters, alternating languages. */
    static List<Letter> letters(int n) {
        List<Letter> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(invitation(i, i % 2 == 0 ? Language.fr : Language.en));
        }
        return out;
    }
}
