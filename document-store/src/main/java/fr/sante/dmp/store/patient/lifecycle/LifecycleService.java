package fr.sante.dmp.store.patient.lifecycle;

import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;

/**
 * The record's lifecycle as the patient drives it: opposition and its withdrawal, early activation, closing, reopening,
 * deletion, and the export's audit entry. Every change goes through the consent engine's lifecycle and appends an
 * audit entry in the same transaction; an illegal transition is a {@code Conflict}.
 */
public interface LifecycleService {

    /**
     * The same service with every call made by this representative for the person each call names: audited as
     * "representative R for person P" (actor REPRESENTATIVE, the link's id), what is confidential from
     * representatives left out of every list, count, preview and history, directives and personal choices refused.
     * Only ever pass a representation {@code Representations.authorise} returned for this request: it read the link in
     * force.
     */
    LifecycleService as(fr.sante.dmp.consent.Representation representative);


    /** INVITED → OPPOSED within the window; the key is destroyed; returns the receipt. */
    Future<OppositionReceipt> oppose(Ins ins);

    /** OPPOSED → INVITED while the window is open, from the receipt's verification code. */
    Future<Void> withdrawOpposition(Ins ins, String receiptCode);

    /** INVITED → ACTIVE before the deadline. */
    Future<Void> activateEarly(Ins ins);

    /** ACTIVE → CLOSED (10-year archive). */
    Future<Void> close(Ins ins);

    /** CLOSED → ACTIVE within the archive period. */
    Future<Void> reopen(Ins ins);

    /** Explicit deletion request: purged within 3 months. */
    Future<Void> requestDeletion(Ins ins);

    /**
     * Appends the audit entry of a whole-record export ({@code EXPORT_RECORD}, in the access history) before the
     * export is built: an erased record (opposed, purged) refuses it ({@code Conflict}) and nothing is exported. The
     * documents themselves are then read one by one through {@code RecordService.readDocument}, each decided and
     * audited by the door like any read.
     */
    Future<Void> recordExport(Ins ins);
}
