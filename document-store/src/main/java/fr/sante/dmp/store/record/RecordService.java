package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * The only way to read or write a record. Each call passes the access door ({@code store.access}), which decides
 * consent and appends the audit entry in the same unit of work. Failures are {@link fr.sante.dmp.store.RecordException}s.
 */
public interface RecordService {

    /** Registers a person (idempotent by INS). {@code operator} is the admin's subject, for the audit. */
    Future<Registration> register(String operator, Ins ins, PersonRegistration person);

    /** Deposits a document; returns its id. */
    Future<UUID> deposit(Actor.Professional actor, Ins ins, NewDocument document);

    /** The documents this actor may see, newest first. */
    Future<List<DocumentSummary>> listDocuments(Actor actor, Ins ins);

    /**
     * The patient's documents page in one query: the same listing, audited the same way, with the record's state and
     * who still sees a masked document. An erased record answers its state and no document, without an audit entry.
     */
    Future<OwnDocumentList> listOwnDocuments(Actor.Patient actor, Ins ins);

    /**
     * The patient's read of one document in one query, decided and audited as {@link #readDocument}, with who still
     * sees it when masked.
     */
    Future<OwnDocument> readOwnDocument(Actor.Patient actor, UUID documentId);

    /** One document's content, if this actor may read it. */
    default Future<DocumentContent> readDocument(Actor actor, UUID documentId) {
        return readDocument(actor, documentId, Admission.ANYONE);
    }

    /**
     * The same, with the caller's own check of the record's patient once the store has named it (a read by id names
     * no patient before): a professional's read of a found record waits for {@code admission}; if it fails, the read
     * is recorded as refused ({@code patient-quota-exceeded}) and fails with {@link
     * fr.sante.dmp.store.RecordException.NotAdmitted} carrying its cause. An unknown document or an erased record is
     * refused as before, without asking (it names no patient a professional may learn of).
     */
    Future<DocumentContent> readDocument(Actor actor, UUID documentId, Admission admission);

    /**
     * Releases a withheld document to the patient after the announcement consultation (R1111-53): its author or the
     * patient's treating doctor; audited, and the patient's new-document alert follows. Releasing twice is harmless.
     */
    Future<Void> release(Actor.Professional actor, UUID documentId);

    /**
     * One page of a search of the record's documents (the FHIR face's ITI-67): what this actor may see, newest first,
     * filtered and paged by a keyset cursor; hidden documents are absent exactly as in {@link #listDocuments}. Audited
     * as a listing.
     */
    Future<DocumentPage> searchDocuments(Actor actor, Ins ins, DocumentQuery query);

    /**
     * Several documents deposited all or nothing (the FHIR face's ITI-65): one refused or invalid document and none is
     * stored. A document's {@code replaces} supersedes an earlier current document of the same record that the
     * professional may read; the superseded one stays readable by its id. The deposit is kept as one submission set
     * ({@code sourceId}: the submitting source's id, IHE's sourceId), written in the same transaction. Returns the
     * set's id and the new documents' ids, in order.
     */
    Future<Provided> depositAll(Actor.Professional actor, Ins ins, String sourceId, List<NewDocument> documents);

    /**
     * A submission set by its id (the FHIR face's {@code List/<id>}), decided and audited as a listing of its
     * documents: what a professional who may not see the record is answered for a document, they are answered here;
     * its documents this professional may not see are absent. {@code admission} as for {@link #readDocument}.
     */
    Future<SubmissionSet> readSubmissionSet(Actor.Professional actor, UUID id, Admission admission);

    /**
     * A person looked up by INS (the FHIR face's ITI-78), if this professional may see the record: unknown, opposed and
     * purged persons all fail as not found. Audited.
     */
    Future<PatientFound> findPatient(Actor.Professional actor, Ins ins);

    /** Emergency access: the documents visible under break-glass; flagged in the audit. */
    Future<List<DocumentSummary>> breakGlass(Actor.Professional actor, Ins ins, String reason);

    /** The caller's check of a record's patient, by the keyed hash of their INS (the distinct-patient quota). */
    @FunctionalInterface
    interface Admission {
        /** Admits every patient. */
        Admission ANYONE = insHash -> Future.succeededFuture();

        /** Completes when the read may go on; fails with what the caller will answer instead. */
        Future<Void> admit(byte[] insHash);
    }
}
