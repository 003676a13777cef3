package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.audit.AuditService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** GET /admin/audit/verify: walks the audit chain and its signed checkpoints ({@link AuditVerdictJson}). */
final class AuditVerifyHandler implements Handler<RoutingContext> {
    private final AuditService audit;

    AuditVerifyHandler(AuditService audit) {
        this.audit = audit;
    }

    @Override
    public void handle(RoutingContext rc) {
        audit.verify()
                .onSuccess(v -> Exchange.json(rc, 200, AuditVerdictJson.json(v)))
                .onFailure(rc::fail);
    }
}
