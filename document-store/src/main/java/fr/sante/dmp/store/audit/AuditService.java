package fr.sante.dmp.store.audit;

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
}
