package fr.sante.dmp.consent;

/** The policy file is invalid (unknown profession or class, contradictory rules, missing rule): start-up must fail. */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
