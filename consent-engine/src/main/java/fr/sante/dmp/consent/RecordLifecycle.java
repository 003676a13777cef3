package fr.sante.dmp.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The record lifecycle state machine (CSP R1111-28, R1111-36): INVITED → ACTIVE → CLOSED → PURGED, INVITED → OPPOSED.
 * Illegal transitions throw {@link IllegalTransitionException}; time comes from the {@link Clock}.
 */
public final class RecordLifecycle {

    /** Six weeks between the invitation being sent and the record opening (R1111-28). */
    public static final Duration OPPOSITION_WINDOW = Duration.ofDays(42);
    /** Archive period after closing (R1111-36). */
    public static final Duration ARCHIVE_PERIOD = Duration.ofDays(3653);
    /** An explicit deletion request is honoured within three months (R1111-36). */
    public static final Duration DELETION_DELAY = Duration.ofDays(90);

    private final Clock clock;

    public RecordLifecycle(Clock clock) {
        this.clock = clock;
    }

    /** A record whose invitation was sent at {@code sentAt}: INVITED until sentAt + 42 days. */
    public RecordStatus invited(Instant sentAt) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A record registered ACTIVE directly (migrated existing record). */
    public RecordStatus active() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** INVITED → ACTIVE once the deadline has passed (the scheduler's transition). */
    public RecordStatus activateAtDeadline(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** INVITED → ACTIVE before the deadline, at the person's request. */
    public RecordStatus activateEarly(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** INVITED → OPPOSED, only while the window is open. */
    public RecordStatus oppose(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** OPPOSED → INVITED: an opposition made by mistake withdrawn while the window is still open. */
    public RecordStatus withdrawOpposition(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** ACTIVE → CLOSED. */
    public RecordStatus close(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** CLOSED → ACTIVE within the archive period. */
    public RecordStatus reopen(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** CLOSED or ACTIVE: records an explicit deletion request (record becomes CLOSED if it was ACTIVE). */
    public RecordStatus requestDeletion(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** CLOSED → PURGED once the archive period is over or the deletion request is due. */
    public RecordStatus purge(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Whether the opposition window is open now for this record. */
    public boolean oppositionOpen(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** When the record must be purged, if it is CLOSED. */
    public java.util.Optional<Instant> purgeDue(RecordStatus status) {
        throw new UnsupportedOperationException("skeleton");
    }
}
