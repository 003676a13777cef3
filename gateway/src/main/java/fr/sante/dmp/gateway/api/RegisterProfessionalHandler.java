package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.care.CareContextService;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** PUT /admin/professionals/{rpps}: an operator records a professional from the national directory's extract. */
final class RegisterProfessionalHandler implements Handler<RoutingContext> {
    private final CareContextService contexts;

    RegisterProfessionalHandler(CareContextService contexts) {
        this.contexts = contexts;
    }

    @Override
    public void handle(RoutingContext rc) {
        JsonObject body = Exchange.body(rc);
        Rpps rpps;
        Profession profession;
        try {
            rpps = Rpps.parse(rc.pathParam("rpps"));
        } catch (InvalidIdentifierException e) {
            throw Exchange.invalid("rpps", "not a valid RPPS (11 digits with its Luhn key)");
        }
        try {
            profession = Profession.fromCode(body.getString("profession"));
        } catch (InvalidIdentifierException e) {
            throw Exchange.invalid("profession", "not a profession of the national nomenclature");
        }
        contexts.register(Exchange.caller(rc).subject(), rpps, profession,
                        Optional.ofNullable(body.getString("specialty")))
                .onSuccess(v -> rc.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
                .onFailure(rc::fail);
    }
}
