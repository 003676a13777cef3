package fr.sante.dmp.gateway.auth;

import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditService;
import io.vertx.core.Future;

/**
 * Privileged reads leave an audit entry like any access, whether through the admin API or the operators' pages: the
 * break-glass review queues with their decrypted reasons (the DPO's, an operator's, a treating doctor's own),
 * the marking of a review (its answer shows the reason), campaigns, their rejections, the audit verification. The
 * read is served only once its entry is committed (fail closed); an attempt that finds nothing is audited too.
 */
public final class PrivilegedReads {
    private final AuditService audit;

    public PrivilegedReads(AuditService audit) {
        this.audit = audit;
    }

    /** By an operator or the DPO: the token's subject as actor, the scope that granted the read as rule. */
    public Future<Void> byOperator(Caller caller, AuditAction action) {
        return audit.auditOperatorRead(actor(caller), action, rule(caller));
    }

    /** By a treating doctor, of what concerns their own patients: the professional as actor. */
    public Future<Void> byTreatingDoctor(Caller caller, AuditAction action) {
        return audit.auditProfessionalRead(caller.professional().orElseThrow(), action,
                RuleId.TREATING_DOCTOR.id());
    }

    /** The operator as audited: the token's subject (a person or a service account), else its client. */
    public static String actor(Caller caller) {
        return caller.subject() != null && !caller.subject().isBlank() ? caller.subject() : caller.clientId();
    }

    /** The scope that let the caller read: the DPO's, else the administrators'. */
    private static String rule(Caller caller) {
        return "scope:" + (caller.has(Caller.DPO) && !caller.has(Caller.ADMIN) ? Caller.DPO : Caller.ADMIN);
    }
}
