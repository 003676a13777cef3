package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.pwa.documents.Download;
import fr.sante.dmp.store.record.DocumentSummary;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DownloadNameTest {

    static DocumentSummary doc(String title, String type) {
        return new DocumentSummary(UUID.randomUUID(), "11502-2", title, type, Optional.empty(),
                Instant.parse("2026-12-07T01:36:00Z"), 10, false);
    }

    @Test
    void theTitleFoldedToAsciiWithTheServedTypesExtension() {
        assertThat(Download.fileName(doc("Échographie cœur — contrôle", "application/pdf")))
                .isEqualTo("echographie-coeur-controle.pdf");
        assertThat(Download.fileName(doc("Radio", "image/jpeg"))).isEqualTo("radio.jpg");
        assertThat(Download.fileName(doc("Photo", "image/png; x=1"))).isEqualTo("photo.png");
        assertThat(Download.fileName(doc("Note", "text/plain"))).isEqualTo("note.txt");
        assertThat(Download.fileName(doc("Rapport", "text/html"))).as("served as octet-stream").isEqualTo("rapport.bin");
    }

    @Test
    void aTitleThatLeavesNothingFallsBackToTheDateAndALongOneIsCut() {
        assertThat(Download.fileName(doc("血液検査", "application/pdf"))).isEqualTo("document-2026-12-07.pdf");
        assertThat(Download.fileName(doc("a".repeat(100), "text/plain"))).isEqualTo("a".repeat(60) + ".txt");
        assertThat(Download.fileName(doc("\"; filename=evil.html", "text/plain"))).isEqualTo("filename-evil-html.txt");
    }
}
