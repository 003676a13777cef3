package fr.sante.dmp.gateway.api;

import fr.sante.dmp.gateway.auth.PrivilegedReads;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /admin/audit/verify: walks the audit chain, its signed checkpoints and the witness file ({@link AuditVerdictJson}),
 * with the count of checkpoints this instance refused to sign. The verification is itself audited first.
 */
final class AuditVerifyHandler implements Handler<RoutingContext> {
    private final AuditService audit;
    private final PrivilegedReads reads;

    AuditVerifyHandler(AuditService audit) {
        this.audit = audit;
        this.reads = new PrivilegedReads(audit);
    }

    @Override
    public void handle(RoutingContext rc) {
        reads.byOperator(Exchange.caller(rc), AuditAction.VERIFY_AUDIT).compose(v -> audit.verify())
                .onSuccess(v -> Exchange.json(rc, 200, AuditVerdictJson.json(v)
                        .put("refusedCheckpoints", audit.refusedCheckpoints())))
                .onFailure(rc::fail);
    }
}
