package fr.sante.dmp.consent;

/**
 * A value from outside (an INS, an RPPS, a code) that does not pass validation. Carries the name of the offending field
 * so that an API can answer 400 naming it. The message never repeats the rejected value: it may be a patient identifier.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidIdentifierException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The name of the field that failed, e.g. {@code ins}, {@code rpps}, {@code classCode}. */
    public String field() {
        return field;
    }
}
