package fr.sante.dmp.gateway.cli;

/** A command line the user must fix; Main prints the message and exits with 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
