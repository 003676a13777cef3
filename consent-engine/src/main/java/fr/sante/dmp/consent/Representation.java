package fr.sante.dmp.consent;

import java.util.Objects;

/**
 * Who acts when a patient-space actor is a representative: the link's opaque id, the representative's INS and the
 * link's kind. The record acted on is the represented person's ({@link Actor.Patient#ins()}).
 *
 * @param link           the representation link's id (audited as the actor, so no INS reaches the audit log)
 * @param representative the person acting
 * @param kind           the legal ground
 */
public record Representation(String link, Ins representative, RepresentationKind kind) {
    public Representation {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(representative, "representative");
        Objects.requireNonNull(kind, "kind");
    }
}
