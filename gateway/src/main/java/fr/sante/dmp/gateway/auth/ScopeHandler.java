package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * 403 unless the token grants the operation's scope (as the contract's security requirement lists it) and, for the
 * professional operations, carries a professional identity.
 */
public final class ScopeHandler implements Handler<RoutingContext> {
    private final java.util.Set<String> scopes;
    private final boolean professionalRequired;

    public ScopeHandler(String scope, boolean professionalRequired) {
        this(java.util.Set.of(scope), professionalRequired);
    }

    /** Any one of {@code scopes} grants the operation (the contract's alternative security requirements). */
    public ScopeHandler(java.util.Set<String> scopes, boolean professionalRequired) {
        this.scopes = java.util.Set.copyOf(scopes);
        this.professionalRequired = professionalRequired;
    }

    @Override
    public void handle(RoutingContext rc) {
        Caller caller = AuthenticationHandler.caller(rc);
        if (scopes.stream().noneMatch(caller::has)) {
            String scope = String.join(" ", new java.util.TreeSet<>(scopes));
            rc.fail(new ProblemException(
                    Problem.of(ProblemType.INSUFFICIENT_SCOPE, "this operation needs the scope " + scope),
                    "Bearer realm=\"dmp\", error=\"insufficient_scope\", scope=\"" + scope + "\""));
            return;
        }
        if (professionalRequired && caller.professional().isEmpty()) {
            // Nobody without a professional identity reads or writes a record (forbidden-category rule).
            rc.fail(new ProblemException(Problem.of(ProblemType.NO_PROFESSIONAL_IDENTITY,
                    "the token must carry the rpps and profession claims")));
            return;
        }
        rc.next();
    }
}
