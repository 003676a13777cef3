package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.access.Verdict;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Listing, reading and break-glass: one pipelined query for the record's consent snapshot and its metadata, the door
 * (decision and audit entry by group commit, acknowledged before anything is decrypted for the reply).
 */
final class DocumentReader {
    /** Above this size, decryption leaves the event loop. */
    static final int BLOCKING_CRYPTO_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final SqlClient client;
    private final AccessDoor door;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final Clock clock;

    DocumentReader(Vertx vertx, SqlClient client, AccessDoor door, Envelope envelope, InsHasher insHasher, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.door = door;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.clock = clock;
    }

    Future<List<DocumentSummary>> list(Actor actor, Ins ins, Purpose purpose, Optional<String> reason) {
        return listed(actor, ins, purpose, reason, false).map(Listed::documents);
    }

    /**
     * The patient's own list with what the page shows beside it (the record's state, who still sees a masked
     * document), from the list's one query. An erased record (OPPOSED, PURGED) answers its state and no document,
     * unaudited, as the page did when it read the overview first and listed nothing; an unknown record is NotFound.
     */
    Future<OwnDocumentList> listOwn(Actor.Patient actor, Ins ins) {
        return listed(actor, ins, Purpose.CARE, Optional.empty(), true).map(l -> new OwnDocumentList(
                l.view().state(), l.view().snapshot().settings().treatingDoctor().isPresent(),
                l.view().snapshot().settings().emergencyAccessOpposed(), l.documents()));
    }

    /** A listing's record as its query read it, and the documents the actor sees. */
    private record Listed(RecordView view, List<DocumentSummary> documents) {
    }

    private Future<Listed> listed(Actor actor, Ins ins, Purpose purpose, Optional<String> reason, boolean own) {
        Instant now = clock.instant();
        byte[] insHash = insHasher.hash(ins);
        AuditAction action = purpose == Purpose.BREAK_GLASS ? AuditAction.BREAK_GLASS : AuditAction.LIST_DOCUMENTS;
        boolean breakGlass = purpose == Purpose.BREAK_GLASS;
        if (actor instanceof Actor.Patient p && !p.ins().equals(ins)) {
            RuleId rule = RuleId.PATIENT_OWN_RECORD_ONLY;
            return door.refuse(AuditEvent.of(now, actor, action, insHash, null, door.outcome(rule)), actor,
                    door.outcome(rule));
        }
        return client.preparedQuery(RecordSql.LIST)
                .execute(Tuple.of(Buffer.buffer(insHash), ConsentSql.at(now), ConsentSql.askers(actor)))
                .recover(ServiceFailures::fail)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        if (own) {
                            return Future.failedFuture(new RecordException.NotFound("patient"));
                        }
                        return door.refuse(AuditEvent.of(now, actor, action, insHash, null,
                                RuleId.RECORD_NOT_FOUND.id(), false, breakGlass, null),
                                door.unknown(actor, Action.LIST_DOCUMENTS, purpose, reason, now));
                    }
                    RecordView view = RecordView.from(rows.iterator().next(), true);
                    if (own && (view.state() == RecordState.OPPOSED || view.state() == RecordState.PURGED)) {
                        return Future.succeededFuture(new Listed(view, List.of()));
                    }
                    AccessRequest request = AccessDoor.request(actor, Action.LIST_DOCUMENTS, view.snapshot(),
                            purpose, reason, now);
                    AccessDoor.Filtered filtered;
                    try {
                        filtered = door.filter(request, view.snapshot(), view.facts());
                    } catch (RuntimeException e) {
                        return unavailable(AuditEvent.of(now, actor, action, insHash, null,
                                RuleId.CONSENT_UNAVAILABLE.id(), false, breakGlass, null), e);
                    }
                    Verdict v = filtered.verdict();
                    byte[] sealedReason = breakGlass && view.wrappedKey() != null
                            ? envelope.sealReason(key(view), view.recordId(), reason.orElseThrow()) : null;
                    AuditEvent event = AuditEvent.of(now, actor, action, insHash, null, v.decision().ruleId(),
                            v.allowed(), v.emergency(), sealedReason);
                    if (v.denied()) {
                        return door.refuse(event, actor, v.decision());
                    }
                    return door.record(event).recover(ServiceFailures::fail)
                            .map(ok -> new Listed(view, summaries(view, filtered.visible())));
                });
    }

    Future<DocumentContent> read(Actor actor, UUID documentId, RecordService.Admission admission) {
        Instant now = clock.instant();
        return decided(actor, documentId, AuditAction.READ_DOCUMENT, now).compose(d -> {
            Verdict v = d.verdict();
            AuditEvent event = AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, d.insHash(), documentId,
                    v.decision().ruleId(), v.allowed(), v.emergency(), null);
            boolean professional = actor instanceof Actor.Professional;
            if (professional && AccessDoor.erased(d.view().state())) {
                // An erased record's document is gone, as an unknown id is (and names no patient to admit).
                return door.refuse(event, new RecordException.NotFound("document"));
            }
            Future<Void> admitted = professional ? admission.admit(d.insHash()) : Future.succeededFuture();
            return admitted.transform(ar -> {
                if (ar.failed()) {
                    return door.refuse(AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, d.insHash(), documentId,
                            door.outcome(RuleId.PATIENT_QUOTA_EXCEEDED)), new RecordException.NotAdmitted(ar.cause()));
                }
                if (v.denied()) {
                    return door.refuse(event, actor, v.decision());
                }
                return readAllowed(event, d.view(), d.doc(), documentId);
            });
        });
    }

    /**
     * The patient's read of one of their documents with who still sees it when masked, from the read's own snapshot:
     * decided and audited as {@link #read} decides a patient's read.
     */
    Future<OwnDocument> readOwn(Actor.Patient actor, UUID documentId) {
        Instant now = clock.instant();
        return decided(actor, documentId, AuditAction.READ_DOCUMENT, now).compose(d -> {
            Verdict v = d.verdict();
            AuditEvent event = AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, d.insHash(), documentId,
                    v.decision().ruleId(), v.allowed(), v.emergency(), null);
            if (v.denied()) {
                return door.refuse(event, actor, v.decision());
            }
            return readAllowed(event, d.view(), d.doc(), documentId).map(content -> new OwnDocument(content,
                    d.view().snapshot().settings().treatingDoctor().isPresent(),
                    d.view().snapshot().settings().emergencyAccessOpposed()));
        });
    }

    /** One document with its record's snapshot, and the door's decision on reading it. */
    private record Decided(RecordView view, RecordView.Doc doc, byte[] insHash, Verdict verdict) {
    }

    /**
     * The document and its decision, or the refusal already recorded (unknown id, another patient's document, consent
     * that could not be decided) as the failure of the returned future.
     */
    private Future<Decided> decided(Actor actor, UUID documentId, AuditAction action, Instant now) {
        return client.preparedQuery(RecordSql.DOCUMENT)
                .execute(Tuple.of(documentId, ConsentSql.at(now), ConsentSql.askers(actor)))
                .recover(ServiceFailures::fail)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return door.refuse(AuditEvent.of(now, actor, action, null, documentId,
                                door.outcome(RuleId.DOCUMENT_NOT_FOUND)), new RecordException.NotFound("document"));
                    }
                    Row row = rows.iterator().next();
                    byte[] insHash = row.getBuffer("ins_hash").getBytes();
                    if (actor instanceof Actor.Patient p
                            && !MessageDigest.isEqual(insHasher.hash(p.ins()), insHash)) {
                        // Another patient's document: answered as absent, so ids reveal nothing.
                        return door.refuse(AuditEvent.of(now, actor, action, null, documentId,
                                door.outcome(RuleId.PATIENT_OWN_RECORD_ONLY)),
                                new RecordException.NotFound("document"));
                    }
                    RecordView view = RecordView.from(row, true);
                    RecordView.Doc doc = view.documents().get(0);
                    AccessRequest request = AccessDoor.request(actor, Action.READ_DOCUMENT, view.snapshot(),
                            Purpose.CARE, Optional.empty(), now);
                    try {
                        return Future.succeededFuture(new Decided(view, doc, insHash,
                                door.decide(request, view.snapshot(), doc.facts())));
                    } catch (RuntimeException e) {
                        return unavailable(AuditEvent.of(now, actor, action, insHash, documentId,
                                RuleId.CONSENT_UNAVAILABLE.id(), false, false, null), e);
                    }
                });
    }

    /**
     * Releases a withheld document to the patient (R1111-53): its author, or the treating doctor, after the
     * announcement consultation. Audited; the patient's new-document alert follows the entry.
     */
    Future<Void> release(Actor.Professional actor, UUID documentId) {
        Instant now = clock.instant();
        return decided(actor, documentId, AuditAction.RELEASE_DOCUMENT, now).compose(d -> {
                    RecordView view = d.view();
                    RecordView.Doc doc = d.doc();
                    byte[] insHash = d.insHash();
                    Verdict v = d.verdict();
                    boolean author = doc.author().map(actor.rpps().value()::equals).orElse(false);
                    boolean treating = view.snapshot().settings().isTreatingDoctor(actor.rpps());
                    if (v.denied() || !(author || treating)) {
                        var refusal = v.denied() ? v.decision() : door.outcome(RuleId.RELEASE_NOT_ALLOWED);
                        AuditEvent refused = AuditEvent.of(now, actor, AuditAction.RELEASE_DOCUMENT, insHash,
                                documentId, refusal);
                        if (AccessDoor.erased(view.state())) {
                            return door.refuse(refused, new RecordException.NotFound("document"));
                        }
                        return door.refuse(refused, actor, refusal);
                    }
                    if (!doc.withheld() || doc.releasedAt().isPresent()) {
                        return Future.<Void>succeededFuture();
                    }
                    return client.preparedQuery(RecordSql.RELEASE).execute(Tuple.of(documentId, ConsentSql.at(now)))
                            .recover(ServiceFailures::fail)
                            .compose(updated -> door.record(AuditEvent.of(now, actor, AuditAction.RELEASE_DOCUMENT,
                                    insHash, documentId, v.decision().ruleId(), true, v.emergency(), null)))
                            .recover(ServiceFailures::fail);
                });
    }

    private Future<DocumentContent> readAllowed(AuditEvent event, RecordView view, RecordView.Doc doc,
                                                UUID documentId) {
        // The content is fetched only once allowed, alongside the audit commit.
        Future<Row> content = client.preparedQuery(RecordSql.CONTENT).execute(Tuple.of(documentId))
                .map(rs -> rs.iterator().next());
        return Future.all(door.record(event), content).recover(ServiceFailures::fail)
                .compose(v -> decryptContent(view, doc, content.result().getBuffer(0).getBytes()));
    }

    private Future<DocumentContent> decryptContent(RecordView view, RecordView.Doc doc, byte[] sealed) {
        if (sealed.length < BLOCKING_CRYPTO_BYTES) {
            try {
                return Future.succeededFuture(open(view, doc, sealed));
            } catch (RuntimeException e) {
                return ServiceFailures.fail(e);
            }
        }
        return vertx.executeBlocking(() -> open(view, doc, sealed), false).recover(ServiceFailures::fail);
    }

    private DocumentContent open(RecordView view, RecordView.Doc doc, byte[] sealed) {
        SecretKey key = key(view);
        byte[] content = envelope.openContent(key, view.recordId(), doc.id(), sealed);
        return new DocumentContent(summary(key, view, doc), content);
    }

    private List<DocumentSummary> summaries(RecordView view, List<DocumentFacts> visible) {
        if (visible.isEmpty()) {
            return List.of();
        }
        Map<String, RecordView.Doc> byId = new HashMap<>(view.documents().size() * 2);
        for (RecordView.Doc d : view.documents()) {
            byId.put(d.id().toString(), d);
        }
        SecretKey key = key(view);
        List<DocumentSummary> out = new ArrayList<>(visible.size());
        for (DocumentFacts f : visible) {
            out.add(summary(key, view, byId.get(f.id())));
        }
        return out;
    }

    DocumentSummary summary(SecretKey key, RecordView view, RecordView.Doc d) {
        return new DocumentSummary(d.id(), d.classCode(), envelope.openTitle(key, view.recordId(), d.id(), d.title()),
                d.contentType(), d.author(), d.depositedAt(), d.size(), d.masked(), d.status(), d.replaces());
    }

    private SecretKey key(RecordView view) {
        return envelope.unwrap(view.recordId(), view.wrappedKey());
    }

    private <T> Future<T> unavailable(AuditEvent event, Throwable cause) {
        return door.refuse(event, new RecordException.Unavailable("consent could not be decided", cause));
    }
}
