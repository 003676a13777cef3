package fr.sante.dmp.problem;

/** A failure the gateway itself decides (authentication, scope, input), carried to the failure handler. */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;
    private final String wwwAuthenticate;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    /** With a {@code WWW-Authenticate} challenge (RFC 6750) for 401 and insufficient-scope 403. */
    public ProblemException(Problem problem, String wwwAuthenticate) {
        super(problem.type().name() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    public Problem problem() {
        return problem;
    }

    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }
}
