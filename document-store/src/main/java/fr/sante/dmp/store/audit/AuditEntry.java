package fr.sante.dmp.store.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of a patient's access history, as they may see it (R1111-43, L1111-19): who, what, when, which rule.
 *
 * @param actorKind  PATIENT, PROFESSIONAL or OPERATOR
 * @param actorId    the professional's RPPS or the operator's subject; empty for the patient
 * @param profession the professional's profession code
 */
public record AuditEntry(
        long seq,
        Instant at,
        String actorKind,
        Optional<String> actorId,
        Optional<String> profession,
        AuditAction action,
        Optional<UUID> documentId,
        String ruleId,
        boolean allowed,
        boolean breakGlass) {
}
