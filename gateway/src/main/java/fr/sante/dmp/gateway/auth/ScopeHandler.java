package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.gateway.problem.Problem;
import fr.sante.dmp.gateway.problem.ProblemException;
import fr.sante.dmp.gateway.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * 403 unless the token grants the operation's scope (as the contract's security requirement lists it) and, for the
 * professional operations, carries a professional identity.
 */
public final class ScopeHandler implements Handler<RoutingContext> {
    private final String scope;
    private final boolean professionalRequired;

    public ScopeHandler(String scope, boolean professionalRequired) {
        this.scope = scope;
        this.professionalRequired = professionalRequired;
    }

    @Override
    public void handle(RoutingContext rc) {
        Caller caller = AuthenticationHandler.caller(rc);
        if (!caller.has(scope)) {
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
