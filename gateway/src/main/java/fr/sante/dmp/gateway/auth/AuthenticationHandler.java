package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of the professional API: a valid bearer token or 401. The request is paused while the token is
 * verified so that the body handler that follows can still read the body.
 */
public final class AuthenticationHandler implements Handler<RoutingContext> {
    private static final String CALLER = "caller";
    private final TokenVerifier verifier;

    public AuthenticationHandler(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void handle(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
            rc.fail(new ProblemException(Problem.of(ProblemType.UNAUTHENTICATED, "a bearer token is required"),
                    "Bearer realm=\"dmp\""));
            return;
        }
        if (!rc.request().isEnded()) {
            rc.request().pause();
        }
        verifier.verify(header.substring(7).trim())
                .onSuccess(caller -> {
                    rc.put(CALLER, caller);
                    rc.next();
                })
                .onFailure(rc::fail);
    }

    /** The verified caller of this request (set by this handler). */
    public static Caller caller(RoutingContext rc) {
        return rc.get(CALLER);
    }
}
