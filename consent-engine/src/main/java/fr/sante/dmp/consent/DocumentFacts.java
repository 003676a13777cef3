package fr.sante.dmp.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What rules need to know about one document: its class, its author, whether the patient masked it, and whether its
 * author withheld it from the patient until an announcement consultation (R1111-53).
 *
 * @param id                  opaque document id
 * @param documentClass       the LOINC class
 * @param author              the depositing professional; empty for a document the patient wrote
 * @param depositedAt         when it was deposited (the 1-month automatic release counts from here)
 * @param masked              hidden by the patient from professionals
 * @param withheldFromPatient withheld by its author until an announcement consultation
 * @param releasedAt          when the author released it to the patient, if they did
 * @param confidentialFromRepresentatives a minor's secret care (CSP L1111-5): never shown to representatives
 */
public record DocumentFacts(
        String id,
        DocumentClass documentClass,
        Optional<Rpps> author,
        Instant depositedAt,
        boolean masked,
        boolean withheldFromPatient,
        Optional<Instant> releasedAt,
        boolean confidentialFromRepresentatives) {

    /** A document with no confidentiality from representatives. */
    public DocumentFacts(String id, DocumentClass documentClass, Optional<Rpps> author, Instant depositedAt,
                         boolean masked, boolean withheldFromPatient, Optional<Instant> releasedAt) {
        this(id, documentClass, author, depositedAt, masked, withheldFromPatient, releasedAt, false);
    }

    public DocumentFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(documentClass, "documentClass");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(depositedAt, "depositedAt");
        Objects.requireNonNull(releasedAt, "releasedAt");
    }

    public boolean isAuthoredBy(Rpps rpps) {
        return author.map(rpps::equals).orElse(false);
    }
}
