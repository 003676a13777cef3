package fr.sante.dmp.store.audit;

import io.vertx.core.Future;

/** The tamper-evident audit log, as seen from outside the store. */
public interface AuditService {

    /** Walks the whole chain and reports the first entry whose hash does not match. */
    Future<AuditVerification> verify();
}
