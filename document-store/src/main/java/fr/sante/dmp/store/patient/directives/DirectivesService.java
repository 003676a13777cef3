package fr.sante.dmp.store.patient.directives;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Advance directives as professionals read them ({@code GET /api/v1/patients/{ins}/directives}): the consent engine
 * decides ({@code READ_DIRECTIVES}: every professional allowed on the record, matrix permitting: dentists do not see
 * them) and every call, allowed or denied, leaves an audit entry acknowledged before the reply.
 */
public interface DirectivesService {

    /**
     * The directives in force (the latest signed version, R1111-17), or empty when none are signed or they were
     * revoked. Fails with NotFound (unknown patient), AccessDenied (with the rule), Unavailable.
     */
    Future<Optional<AdvanceDirective>> readDirectives(Actor.Professional actor, Ins ins);
}
