package fr.sante.dmp.store.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.store.RecordException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OwnDocumentTypeTest {

    @Test
    void theTypeComesFromTheFirstBytes() {
        assertThat(OwnDocumentType.of("%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII))).contains("application/pdf");
        assertThat(OwnDocumentType.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0}))
                .contains("image/png");
        assertThat(OwnDocumentType.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}))
                .contains("image/jpeg");
    }

    @Test
    void htmlScriptsAndLookAlikesAreRefusedWhateverTheirName() {
        assertThat(OwnDocumentType.of("<html><script>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(OwnDocumentType.of(" %PDF-1.7".getBytes(StandardCharsets.US_ASCII))).isEmpty(); // not at offset 0
        assertThat(OwnDocumentType.of("%PDF".getBytes(StandardCharsets.US_ASCII))).isEmpty(); // too short
        assertThat(OwnDocumentType.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
        assertThat(OwnDocumentType.of(new byte[0])).isEmpty();
        assertThatThrownBy(() -> OwnDocumentType.require("GIF89a".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(RecordException.Invalid.class).extracting("field").isEqualTo("file");
    }
}
