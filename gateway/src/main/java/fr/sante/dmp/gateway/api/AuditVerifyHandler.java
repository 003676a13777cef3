package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.audit.AuditService;
import fr.sante.dmp.store.audit.AuditVerification;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** GET /admin/audit/verify: walks the audit chain; {ok, entries, firstBreak}. */
final class AuditVerifyHandler implements Handler<RoutingContext> {
    private final AuditService audit;

    AuditVerifyHandler(AuditService audit) {
        this.audit = audit;
    }

    @Override
    public void handle(RoutingContext rc) {
        audit.verify()
                .onSuccess(v -> Exchange.json(rc, 200, json(v)))
                .onFailure(rc::fail);
    }

    static JsonObject json(AuditVerification v) {
        return new JsonObject()
                .put("ok", v.ok())
                .put("entries", v.entries())
                .put("firstBreak", v.firstBreak().orElse(null));
    }
}
