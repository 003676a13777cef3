package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.carehistory.CareHistoryJson;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /patients/{ins}/care-history: what this professional may see of the insurer-fed history. The store asks the
 * consent engine (quarantine: the treating doctor only unless the patient opened it; hidden and sensitive lines) and
 * audits the read; with {@code emergencyReason} it is a break-glass read of an opened history.
 */
final class CareHistoryHandler implements Handler<RoutingContext> {
    private final CareHistoryService care;

    CareHistoryHandler(CareHistoryService care) {
        this.care = care;
    }

    @Override
    public void handle(RoutingContext rc) {
        String reason = rc.queryParams().get("emergencyReason");
        (reason == null
                ? care.forProfessional(Exchange.professional(rc), Exchange.ins(rc))
                : care.forProfessionalInEmergency(Exchange.professional(rc), Exchange.ins(rc), reason.strip()))
                .onSuccess(lines -> Exchange.json(rc, 200, CareHistoryJson.history(lines, false)))
                .onFailure(rc::fail);
    }
}
