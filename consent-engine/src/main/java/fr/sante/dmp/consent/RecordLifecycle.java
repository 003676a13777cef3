package fr.sante.dmp.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The record lifecycle state machine (CSP R1111-28, R1111-36): INVITED → ACTIVE → CLOSED → PURGED, INVITED → OPPOSED.
 * Illegal transitions throw {@link IllegalTransitionException}; time comes from the {@link Clock}.
 *
 * <ul>
 *   <li>INVITED → ACTIVE: at the deadline ({@link #activateAtDeadline}) or earlier at the person's request
 *       ({@link #activateEarly}).</li>
 *   <li>INVITED → OPPOSED: only while {@code now < invitedAt + 42 days}; after that the record opens and the person
 *       closes it instead. OPPOSED → INVITED: an opposition withdrawn while the window is still open.</li>
 *   <li>ACTIVE → CLOSED ({@link #close}, or {@link #requestDeletion}); CLOSED → ACTIVE ({@link #reopen}) until the purge
 *       is due; CLOSED → PURGED once 10 years have passed since closing, or 3 months since a deletion request.</li>
 *   <li>OPPOSED (after the window) and PURGED are final.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class RecordLifecycle {

    /**
     * Six weeks between the invitation being sent and the record opening (R1111-28): the default and legal minimum;
     * the policy file may give more ({@link ConsentEngine#lifecycle}).
     */
    public static final Duration OPPOSITION_WINDOW = InvitationPolicy.LEGAL_MINIMUM_WINDOW;
    /** Archive period after closing (R1111-36). */
    public static final Duration ARCHIVE_PERIOD = Duration.ofDays(3653);
    /** An explicit deletion request is honoured within three months (R1111-36). */
    public static final Duration DELETION_DELAY = Duration.ofDays(90);

    private final Clock clock;
    private final Duration window;

    /** The lifecycle with the default six-week window. */
    public RecordLifecycle(Clock clock) {
        this(clock, OPPOSITION_WINDOW);
    }

    public RecordLifecycle(Clock clock, Duration oppositionWindow) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(oppositionWindow, "oppositionWindow");
    }

    /** Between the invitation being sent and the record opening. */
    public Duration oppositionWindow() {
        return window;
    }

    /** A record whose invitation was sent at {@code sentAt}: INVITED until sentAt + the window (42 days). */
    public RecordStatus invited(Instant sentAt) {
        Objects.requireNonNull(sentAt, "sentAt");
        return new RecordStatus(RecordState.INVITED, Optional.of(sentAt), Optional.of(sentAt.plus(window)),
                Optional.empty(), Optional.empty());
    }

    /** A record registered ACTIVE directly (migrated existing record). */
    public RecordStatus active() {
        return new RecordStatus(RecordState.ACTIVE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** INVITED → ACTIVE once the deadline has passed (the scheduler's transition). */
    public RecordStatus activateAtDeadline(RecordStatus status) {
        require(status, RecordState.INVITED, "activateAtDeadline");
        Instant deadline = deadline(status, "activateAtDeadline");
        if (now().isBefore(deadline)) {
            throw new IllegalTransitionException(status.state(), "activateAtDeadline",
                    "the opposition window is open until " + deadline + "; use activateEarly at the person's request",
                    "le délai pour refuser la création court jusqu'au " + deadline
                            + " ; le dossier ne peut être ouvert plus tôt qu'à la demande de la personne");
        }
        return toActive(status);
    }

    /** INVITED → ACTIVE before the deadline, at the person's request (also accepted once the deadline passed). */
    public RecordStatus activateEarly(RecordStatus status) {
        require(status, RecordState.INVITED, "activateEarly");
        return toActive(status);
    }

    /** INVITED → OPPOSED, only while the window is open. */
    public RecordStatus oppose(RecordStatus status) {
        String t = "oppose";
        if (status.state() == RecordState.ACTIVE) {
            throw new IllegalTransitionException(status.state(), t,
                    "the record is already open; opposing after creation means closing the record (close)",
                    "le dossier est déjà ouvert ; pour ne plus l'utiliser, fermez-le");
        }
        require(status, RecordState.INVITED, t);
        // Before the invitation is sent there is no deadline yet: the window has not even started, so the person may
        // oppose (R1111-28 gives at least six weeks from the notice; it never forbids opposing earlier).
        Optional<Instant> deadline = status.oppositionDeadline();
        if (deadline.isPresent() && !now().isBefore(deadline.get())) {
            throw new IllegalTransitionException(status.state(), t, "the opposition window closed at "
                    + deadline.get() + "; the record opens at the deadline and the person may close it instead (close)",
                    "le délai pour refuser la création s'est terminé le " + deadline.get()
                            + " ; le dossier est créé et la personne peut le fermer");
        }
        return new RecordStatus(RecordState.OPPOSED, status.invitedAt(), status.oppositionDeadline(),
                Optional.empty(), Optional.empty());
    }

    /** OPPOSED → INVITED: an opposition made by mistake withdrawn while the window is still open. */
    public RecordStatus withdrawOpposition(RecordStatus status) {
        String t = "withdrawOpposition";
        require(status, RecordState.OPPOSED, t);
        Optional<Instant> deadline = status.oppositionDeadline();
        if (deadline.isPresent() && !now().isBefore(deadline.get())) {
            throw new IllegalTransitionException(status.state(), t,
                    "the opposition window closed at " + deadline.get() + "; the opposition is final",
                    "le délai s'est terminé le " + deadline.get() + " ; le refus est définitif");
        }
        return new RecordStatus(RecordState.INVITED, status.invitedAt(), status.oppositionDeadline(),
                Optional.empty(), Optional.empty());
    }

    /** ACTIVE → CLOSED. */
    public RecordStatus close(RecordStatus status) {
        if (status.state() == RecordState.INVITED) {
            throw new IllegalTransitionException(status.state(), "close",
                    "the record is not open yet; oppose it while the window is open (oppose)",
                    "le dossier n'est pas encore ouvert ; vous pouvez refuser sa création tant que le délai court");
        }
        require(status, RecordState.ACTIVE, "close");
        return new RecordStatus(RecordState.CLOSED, status.invitedAt(), status.oppositionDeadline(),
                Optional.of(now()), Optional.empty());
    }

    /** CLOSED → ACTIVE within the archive period (and before a requested deletion is due); cancels the request. */
    public RecordStatus reopen(RecordStatus status) {
        String t = "reopen";
        require(status, RecordState.CLOSED, t);
        Instant due = purgeDue(status).orElseThrow();
        if (!now().isBefore(due)) {
            throw new IllegalTransitionException(status.state(), t,
                    "the archive period or the deletion delay ended at " + due + "; the record is due for purge",
                    "la durée d'archivage ou le délai de suppression s'est terminé le " + due
                            + " ; le dossier va être supprimé");
        }
        return toActive(status);
    }

    /** CLOSED or ACTIVE: records an explicit deletion request (record becomes CLOSED if it was ACTIVE). */
    public RecordStatus requestDeletion(RecordStatus status) {
        String t = "requestDeletion";
        Instant now = now();
        switch (status.state()) {
            case ACTIVE:
                return new RecordStatus(RecordState.CLOSED, status.invitedAt(), status.oppositionDeadline(),
                        Optional.of(now), Optional.of(now));
            case CLOSED:
                if (status.deletionRequestedAt().isPresent()) {
                    throw new IllegalTransitionException(status.state(), t,
                            "deletion was already requested at " + status.deletionRequestedAt().get(),
                            "la suppression a déjà été demandée le " + status.deletionRequestedAt().get());
                }
                return new RecordStatus(RecordState.CLOSED, status.invitedAt(), status.oppositionDeadline(),
                        Optional.of(status.closedAt().orElse(now)), Optional.of(now));
            case INVITED:
                throw new IllegalTransitionException(status.state(), t,
                        "the record is not open yet; oppose it while the window is open (oppose)",
                        "le dossier n'est pas encore ouvert ; vous pouvez refuser sa création tant que le délai court");
            default:
                throw new IllegalTransitionException(status.state(), t, "the record is already erased",
                        "le dossier est déjà effacé");
        }
    }

    /** CLOSED → PURGED once the archive period is over or the deletion request is due. */
    public RecordStatus purge(RecordStatus status) {
        String t = "purge";
        require(status, RecordState.CLOSED, t);
        Instant due = purgeDue(status).orElseThrow();
        if (now().isBefore(due)) {
            throw new IllegalTransitionException(status.state(), t, "not due before " + due,
                    "pas avant le " + due);
        }
        return new RecordStatus(RecordState.PURGED, status.invitedAt(), status.oppositionDeadline(),
                status.closedAt(), status.deletionRequestedAt());
    }

    /** Whether the person may oppose now: INVITED and before the deadline, or the invitation still being sent. */
    public boolean oppositionOpen(RecordStatus status) {
        return status.state() == RecordState.INVITED && beforeDeadline(status);
    }

    /** Whether an opposition can still be withdrawn now: OPPOSED and before the deadline (or none yet). */
    public boolean withdrawalOpen(RecordStatus status) {
        return status.state() == RecordState.OPPOSED && beforeDeadline(status);
    }

    /** INVITED and the invitation not sent yet: no deadline, the window has not started ("en cours d'envoi"). */
    public static boolean invitationBeingSent(RecordStatus status) {
        return status.state() == RecordState.INVITED && status.oppositionDeadline().isEmpty();
    }

    /**
     * When the record must be purged, if it is CLOSED: the earlier of closing + 10 years and deletion request + 3
     * months. A CLOSED status without a closing instant (corrupt data) is due at once: fail closed.
     */
    public Optional<Instant> purgeDue(RecordStatus status) {
        if (status.state() != RecordState.CLOSED) {
            return Optional.empty();
        }
        Instant due = status.closedAt().map(c -> c.plus(ARCHIVE_PERIOD)).orElse(Instant.MIN);
        if (status.deletionRequestedAt().isPresent()) {
            Instant deletion = status.deletionRequestedAt().get().plus(DELETION_DELAY);
            if (deletion.isBefore(due)) {
                due = deletion;
            }
        }
        return Optional.of(due);
    }

    private boolean beforeDeadline(RecordStatus status) {
        // No deadline yet: the invitation is being sent and the window has not started, so it is not over either.
        return status.oppositionDeadline().map(d -> now().isBefore(d)).orElse(true);
    }

    private RecordStatus toActive(RecordStatus status) {
        return new RecordStatus(RecordState.ACTIVE, status.invitedAt(), status.oppositionDeadline(),
                Optional.empty(), Optional.empty());
    }

    private Instant now() {
        return clock.instant();
    }

    private static void require(RecordStatus status, RecordState expected, String transition) {
        Objects.requireNonNull(status, "status");
        if (status.state() != expected) {
            throw new IllegalTransitionException(status.state(), transition,
                    "only allowed from " + expected + finalHint(status.state()),
                    "impossible dans l'état actuel du dossier (" + status.state() + ")");
        }
    }

    private static String finalHint(RecordState state) {
        return state == RecordState.PURGED ? " (PURGED is final)" : "";
    }

    private static Instant deadline(RecordStatus status, String transition) {
        return status.oppositionDeadline().orElseThrow(() -> new IllegalTransitionException(status.state(),
                transition, "the invitation is still being sent: the opposition window has not started",
                "votre invitation est en cours d'envoi : le délai pour refuser n'a pas encore commencé"));
    }
}
