package fr.sante.dmp.store.record;

import fr.sante.dmp.store.RecordException;
import java.util.Optional;

/**
 * The type of a document the patient adds, read from its first bytes: PDF, JPEG or PNG, nothing else. The file's name
 * and the type its sender declared are never trusted (an HTML page named {@code .pdf} would run in whatever opened it
 * as HTML); the stored and served type is the one found here.
 */
public final class OwnDocumentType {
    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    /** 20 MiB, the store's limit for any document. */
    public static final int MAX_BYTES = FieldLimits.CONTENT_MAX_BYTES;

    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private OwnDocumentType() {
    }

    /** The type these bytes are, if one of the three. */
    public static Optional<String> of(byte[] content) {
        if (content == null) {
            return Optional.empty();
        }
        if (startsWith(content, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        if (startsWith(content, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(content, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        return Optional.empty();
    }

    /** The type, or {@code Invalid("file")}: the person is told which formats are taken. */
    public static String require(byte[] content) {
        return of(content).orElseThrow(() -> new RecordException.Invalid("file",
                "must be a PDF, JPEG or PNG file (recognised from its content, whatever its name)"));
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        if (content.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (content[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
