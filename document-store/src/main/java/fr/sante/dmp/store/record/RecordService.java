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

    /** One document's content, if this actor may read it. */
    Future<DocumentContent> readDocument(Actor actor, UUID documentId);

    /**
     * Releases a withheld document to the patient after the announcement consultation (R1111-53): its author or the
     * patient's treating doctor; audited, and the patient's new-document alert follows. Releasing twice is harmless.
     */
    Future<Void> release(Actor.Professional actor, UUID documentId);

    /** Emergency access: the documents visible under break-glass; flagged in the audit. */
    Future<List<DocumentSummary>> breakGlass(Actor.Professional actor, Ins ins, String reason);
}
