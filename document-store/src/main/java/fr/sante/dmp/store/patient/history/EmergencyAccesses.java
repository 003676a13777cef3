package fr.sante.dmp.store.patient.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The emergency accesses the patient must be told about (R1111-48), from what they are rather than from a window of
 * the history: the break-glass grants themselves (each one an access that happened), and the break-glass attempts the
 * consent engine refused (which opened nothing). Newest first.
 */
public record EmergencyAccesses(List<Grant> grants, List<Refusal> refusals) {

    public static final EmergencyAccesses NONE = new EmergencyAccesses(List.of(), List.of());

    public boolean isEmpty() {
        return grants.isEmpty() && refusals.isEmpty();
    }

    /** A professional opened the record in an emergency, with access until {@code expiresAt}. */
    public record Grant(String rpps, Instant grantedAt, Instant expiresAt) {
    }

    /** An emergency access attempt the rules refused, with the rule's plain-words reason. */
    public record Refusal(Instant at, Optional<String> rpps, Optional<String> professionCode, String ruleId,
                          String reasonFr, String reasonEn) {
    }
}
