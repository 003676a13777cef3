package fr.sante.dmp.store.patient.directives;

import java.time.Instant;
import java.util.Optional;

/** One version of the advance directives (R1111-17: the latest signed version wins). */
public record AdvanceDirective(int version, Status status, AdvanceDirectiveContent content, Instant savedAt,
                               Optional<Instant> signedAt) {

    public enum Status { DRAFT, SIGNED, REVOKED }
}
