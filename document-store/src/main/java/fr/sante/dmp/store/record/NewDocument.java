package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.DocumentClass;

/** A document a professional deposits. {@code withheldFromPatient}: until an announcement consultation (R1111-53). */
public record NewDocument(
        DocumentClass documentClass,
        String title,
        String contentType,
        byte[] content,
        boolean withheldFromPatient) {
}
