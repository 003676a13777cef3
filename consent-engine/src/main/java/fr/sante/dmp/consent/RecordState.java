package fr.sante.dmp.consent;

/**
 * States of a person's record (CSP R1111-28, R1111-36). See {@link RecordLifecycle} for the allowed transitions.
 */
public enum RecordState {
    /** Invitation sent; the six-week opposition window is open. Professionals see nothing yet. */
    INVITED,
    /** The record is open: the window passed without opposition, the person activated it early, or it was migrated. */
    ACTIVE,
    /** Closed by the person: archived for 10 years, reopening restores it. */
    CLOSED,
    /** The person opposed within the window: the key is destroyed, only the proof of opposition remains. */
    OPPOSED,
    /** Archive period over or deletion honoured: the key is destroyed. Final. */
    PURGED
}
