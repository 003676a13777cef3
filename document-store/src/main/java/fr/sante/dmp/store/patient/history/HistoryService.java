package fr.sante.dmp.store.patient.history;

import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import java.time.Instant;

/** Who did what on the record: the access history and the emergency accesses, read from the audit log. */
public interface HistoryService {

    /**
     * The same service with every call made by this representative for the person each call names: audited as
     * "representative R for person P" (actor REPRESENTATIVE, the link's id), what is confidential from
     * representatives left out of every list, count, preview and history, directives and personal choices refused.
     * Only ever pass a representation {@code Representations.authorise} returned for this request: it read the link in
     * force.
     */
    HistoryService as(fr.sante.dmp.consent.Representation representative);


    /** Audit entries about this record, newest first. {@code page} counts from 0. */
    Future<AccessHistoryPage> accessHistory(Ins ins, int page, int pageSize);

    /**
     * The entries of the history under {@code filter}, newest first, each naming its document (title decrypted for the
     * patient while the document is in the record). {@code page} counts from 0; at most 10,000 entries deep.
     */
    Future<AccessHistoryPage> accessHistory(Ins ins, HistoryFilter filter, int page, int pageSize);

    /**
     * Emergency accesses since {@code since}, at most {@code limit} (1 to 20) of each kind, newest first: the
     * break-glass grants that opened the record, and the break-glass attempts that were refused.
     */
    Future<EmergencyAccesses> emergencyAccesses(Ins ins, Instant since, int limit);
}
