package fr.sante.dmp.store.audit;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import java.util.List;

/** The tamper-evident audit log, as seen from outside the store. */
public interface AuditService {

    /** Walks the whole chain and reports the first entry whose hash does not match. */
    Future<AuditVerification> verify();

    /**
     * A patient's access history, newest first: the entries about their record with a sequence number below
     * {@code beforeSeq} (use {@link Long#MAX_VALUE} for the first page), at most {@code limit} (1 to 500) of them.
     */
    Future<List<AuditEntry>> history(Ins ins, long beforeSeq, int limit);

    /**
     * Audits a privileged read by an operator or the data protection officer (the break-glass review queue, a
     * campaign, its rejections, a verification): completes once the entry is committed, so that the caller serves
     * the read only then (fail closed).
     *
     * @param actor  the operator's token subject (or client id), as for a registration
     * @param ruleId what allowed the read (the scope that granted it)
     */
    Future<Void> auditOperatorRead(String actor, AuditAction action, String ruleId);

    /**
     * Audits a privileged read (or review) by a professional outside any one record, such as a treating doctor's own
     * break-glass review queue with its decrypted reasons: completes once the entry is committed (fail closed).
     *
     * @param ruleId what allowed the read (e.g. {@code treating-doctor})
     */
    Future<Void> auditProfessionalRead(Actor.Professional professional, AuditAction action, String ruleId);

    /** Checkpoints this process refused to sign because the entries since the last one were broken. */
    long refusedCheckpoints();
}
