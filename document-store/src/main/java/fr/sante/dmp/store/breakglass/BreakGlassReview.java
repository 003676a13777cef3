package fr.sante.dmp.store.breakglass;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One emergency access as its reviewers see it. Personal data (the reason): never log it.
 *
 * @param id             the grant
 * @param recordId       the record opened (the record id, never the INS)
 * @param rpps           the professional who opened it
 * @param grantedAt      when
 * @param expiresAt      when the access ends(ed)
 * @param reason         the stated reason; empty when the patient's key is destroyed
 * @param treatingDoctor the patient's treating doctor at the time, who reviews it with the data protection officer
 * @param notification   the status of the patient's notice in the outbox (PENDING, SENT, ...); empty: no contact
 * @param reviewedAt     when it was reviewed; empty while pending
 * @param reviewedBy     who reviewed it
 * @param flaggedAt      when an operator flagged it for the data protection officer; empty: not flagged
 * @param flaggedBy      who flagged it
 */
public record BreakGlassReview(UUID id, UUID recordId, String rpps, Instant grantedAt, Instant expiresAt,
                               Optional<String> reason, Optional<String> treatingDoctor, Optional<String> notification,
                               Optional<Instant> reviewedAt, Optional<String> reviewedBy, Optional<Instant> flaggedAt,
                               Optional<String> flaggedBy) {
}
