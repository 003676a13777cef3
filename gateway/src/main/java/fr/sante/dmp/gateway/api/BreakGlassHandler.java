package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /patients/{ins}/break-glass: emergency access with a stated reason (10 to 2000 characters). The store decides
 * (refused where the patient opposed), flags the audit, records the grant (it ends at {@code expiresAt}), queues the
 * patient's notice and the review item.
 */
final class BreakGlassHandler implements Handler<RoutingContext> {
    static final int MIN_REASON = 10;
    private final BreakGlassGrants grants;

    BreakGlassHandler(BreakGlassGrants grants) {
        this.grants = grants;
    }

    @Override
    public void handle(RoutingContext rc) {
        Ins ins = Exchange.ins(rc);
        String reason = Exchange.body(rc).getString("reason", "").strip();
        if (reason.length() < MIN_REASON || reason.length() > BreakGlassGrants.MAX_REASON) {
            throw Exchange.invalid("reason", "reason must state the emergency in " + MIN_REASON + " to "
                    + BreakGlassGrants.MAX_REASON + " characters");
        }
        grants.open(Exchange.professional(rc), ins, reason)
                .onSuccess(access -> Exchange.json(rc, 200, DocumentJson.list(access.documents())
                        .put("breakGlass", new io.vertx.core.json.JsonObject()
                                .put("id", access.grantId().toString())
                                .put("expiresAt", access.expiresAt().toString()))))
                .onFailure(rc::fail);
    }
}
