package fr.sante.dmp.consent;

/** A lifecycle transition that the rules do not allow (e.g. opposing an ACTIVE record, reopening a PURGED one). */
public final class IllegalTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final RecordState from;
    private final String transition;

    public IllegalTransitionException(RecordState from, String transition, String message) {
        super(transition + " from " + from + ": " + message);
        this.from = from;
        this.transition = transition;
    }

    public RecordState from() {
        return from;
    }

    public String transition() {
        return transition;
    }
}
