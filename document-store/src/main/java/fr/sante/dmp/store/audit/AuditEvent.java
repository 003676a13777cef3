package fr.sante.dmp.store.audit;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Decision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One entry to append, before it gets its sequence number and hash. Nullable fields are absent facts (no document for
 * a listing, no INS hash for an unknown document id). {@code at} is truncated to microseconds, PostgreSQL's precision,
 * so that the hash computed now is the hash the verifier recomputes from the row.
 *
 * @param reason the break-glass reason sealed with the patient's data key, or null
 */
public record AuditEvent(
        Instant at,
        String actorKind,
        String actorId,
        String profession,
        String category,
        AuditAction action,
        byte[] insHash,
        UUID documentId,
        String ruleId,
        boolean allowed,
        boolean breakGlass,
        byte[] reason) {

    public static final String PATIENT = "PATIENT";
    public static final String PROFESSIONAL = "PROFESSIONAL";
    public static final String OPERATOR = "OPERATOR";
    /** A representative acting for the person: actor id = the link's id, category = the link's kind (no INS). */
    public static final String REPRESENTATIVE = "REPRESENTATIVE";

    public AuditEvent {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** An entry for an actor's call decided by {@code ruleId}. */
    public static AuditEvent of(Instant at, Actor actor, AuditAction action, byte[] insHash, UUID documentId,
                                String ruleId, boolean allowed, boolean breakGlass, byte[] reason) {
        if (actor instanceof Actor.Professional p) {
            return new AuditEvent(at, PROFESSIONAL, p.rpps().value(), p.profession().code(), p.category().claim(),
                    action, insHash, documentId, ruleId, allowed, breakGlass, reason);
        }
        if (actor instanceof Actor.Patient p && p.representative().isPresent()) {
            fr.sante.dmp.consent.Representation r = p.representative().get();
            return new AuditEvent(at, REPRESENTATIVE, r.link(), null, r.kind().name(), action, insHash, documentId,
                    ruleId, allowed, breakGlass, reason);
        }
        return new AuditEvent(at, PATIENT, null, null, null, action, insHash, documentId, ruleId, allowed, breakGlass,
                reason);
    }

    public static AuditEvent of(Instant at, Actor actor, AuditAction action, byte[] insHash, UUID documentId,
                                Decision decision) {
        return of(at, actor, action, insHash, documentId, decision.ruleId(), decision.allowed(), false, null);
    }

    /** An entry for an operator's call (registration by an administrator). */
    public static AuditEvent operator(Instant at, String subject, AuditAction action, byte[] insHash, String ruleId) {
        return new AuditEvent(at, OPERATOR, subject, null, null, action, insHash, null, ruleId, true, false, null);
    }
}
