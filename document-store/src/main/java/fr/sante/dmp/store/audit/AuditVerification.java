package fr.sante.dmp.store.audit;

import java.util.Optional;

/** The verifier's verdict: whether the chain holds, how many entries it walked, and the first broken sequence. */
public record AuditVerification(boolean ok, long entries, Optional<Long> firstBreak) {
}
