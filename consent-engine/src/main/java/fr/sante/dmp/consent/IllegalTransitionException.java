package fr.sante.dmp.consent;

/**
 * A lifecycle transition that the rules do not allow (e.g. opposing an ACTIVE record, reopening a PURGED one). The
 * message is English; {@link #reasonFr()} says the same in French, because the person is told why (a 409 carries both).
 */
public final class IllegalTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final RecordState from;
    private final String transition;
    private final String reasonFr;

    public IllegalTransitionException(RecordState from, String transition, String message, String reasonFr) {
        super(transition + " from " + from + ": " + message);
        this.from = from;
        this.transition = transition;
        this.reasonFr = java.util.Objects.requireNonNull(reasonFr, "reasonFr");
    }

    public RecordState from() {
        return from;
    }

    public String transition() {
        return transition;
    }

    /** Why, in French, for the person (never an identifier). */
    public String reasonFr() {
        return reasonFr;
    }
}
