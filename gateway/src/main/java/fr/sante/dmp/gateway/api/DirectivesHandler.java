package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.patient.directives.AdvanceDirectiveJson;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.store.patient.directives.DirectivesService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /patients/{ins}/directives: the latest signed advance directives, in the same shape as the patient API's
 * {@code Directive}. The store decides (dentists are refused) and audits every call, allowed or not; none signed (or
 * revoked) is a 404.
 */
final class DirectivesHandler implements Handler<RoutingContext> {
    private final DirectivesService directives;

    DirectivesHandler(DirectivesService directives) {
        this.directives = directives;
    }

    @Override
    public void handle(RoutingContext rc) {
        directives.readDirectives(Exchange.professional(rc), Exchange.ins(rc))
                .onSuccess(found -> {
                    if (found.isEmpty()) {
                        rc.fail(new ProblemException(Problem.of(ProblemType.NOT_FOUND,
                                "no signed advance directives for this patient")));
                    } else {
                        Exchange.json(rc, 200, AdvanceDirectiveJson.directive(found.get()));
                    }
                })
                .onFailure(rc::fail);
    }
}
