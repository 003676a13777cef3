package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.DocumentClass;
import java.util.Optional;
import java.util.UUID;

/**
 * A document a professional deposits. {@code withheldFromPatient}: until an announcement consultation (R1111-53).
 * {@code replaces}: an earlier document of the same record that this one supersedes (the FHIR face's
 * {@code relatesTo.code = replaces}); only a bundle deposit ({@link RecordService#depositAll}) honours it.
 * {@code confidentialFromRepresentatives}: a minor's secret care (CSP L1111-5), never shown to their representatives.
 */
public record NewDocument(
        DocumentClass documentClass,
        String title,
        String contentType,
        byte[] content,
        boolean withheldFromPatient,
        Optional<UUID> replaces,
        boolean confidentialFromRepresentatives) {

    public NewDocument(DocumentClass documentClass, String title, String contentType, byte[] content,
                       boolean withheldFromPatient) {
        this(documentClass, title, contentType, content, withheldFromPatient, Optional.empty(), false);
    }

    public NewDocument(DocumentClass documentClass, String title, String contentType, byte[] content,
                       boolean withheldFromPatient, Optional<UUID> replaces) {
        this(documentClass, title, contentType, content, withheldFromPatient, replaces, false);
    }

    public NewDocument {
        replaces = replaces == null ? Optional.empty() : replaces;
    }
}
