package fr.sante.dmp.gateway.api;

import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditService;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Privileged reads of the admin API (the break-glass review queue with its decrypted reasons, campaigns, their
 * rejections, the audit verification) leave an audit entry like any access: the operator's token subject as actor,
 * the scope that granted the read as rule. The read is served only once its entry is committed (fail closed).
 */
final class OperatorReads {
    private final AuditService audit;

    OperatorReads(AuditService audit) {
        this.audit = audit;
    }

    /** Completes once the read by the caller of {@code rc} is audited. */
    Future<Void> audited(RoutingContext rc, AuditAction action) {
        Caller caller = Exchange.caller(rc);
        return audit.auditOperatorRead(actor(caller), action, rule(caller));
    }

    /** The operator as audited: the token's subject (a person or a service account), else its client. */
    static String actor(Caller caller) {
        return caller.subject() != null && !caller.subject().isBlank() ? caller.subject() : caller.clientId();
    }

    /** The scope that let the caller read: the DPO's, else the administrators'. */
    private static String rule(Caller caller) {
        return "scope:" + (caller.has(Caller.DPO) && !caller.has(Caller.ADMIN) ? Caller.DPO : Caller.ADMIN);
    }
}
