package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.GroupCommitAppender;
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
 * Listing, reading and break-glass: one pipelined query for record + consent + metadata, the consent engine, then the
 * audit entry by group commit, acknowledged before anything is decrypted for the reply.
 */
final class Reads {
    /** Above this size, decryption leaves the event loop. */
    static final int BLOCKING_CRYPTO_BYTES = 256 * 1024;
    /** The reason of a read under a running grant: the stated one is in the grant and its audit entry. */
    static final String GRANTED_REASON = "under a running break-glass access";

    private final Vertx vertx;
    private final SqlClient client;
    private final ConsentEngine consent;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final GroupCommitAppender audit;
    private final Clock clock;

    Reads(Vertx vertx, SqlClient client, ConsentEngine consent, Envelope envelope, InsHasher insHasher,
          GroupCommitAppender audit, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.consent = consent;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.audit = audit;
        this.clock = clock;
    }

    Future<List<DocumentSummary>> list(Actor actor, Ins ins, Purpose purpose, Optional<String> reason) {
        Instant now = clock.instant();
        byte[] insHash = insHasher.hash(ins);
        AuditAction action = purpose == Purpose.BREAK_GLASS ? AuditAction.BREAK_GLASS : AuditAction.LIST_DOCUMENTS;
        boolean breakGlass = purpose == Purpose.BREAK_GLASS;
        if (actor instanceof Actor.Patient p && !p.ins().equals(ins)) {
            return deny(AuditEvent.of(now, actor, action, insHash, null, Outcomes.OWN_RECORD_ONLY),
                    Outcomes.OWN_RECORD_ONLY);
        }
        return client.preparedQuery(RecordSql.LIST).execute(Tuple.of(Buffer.buffer(insHash)))
                .recover(Outcomes::fail)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return notFound(AuditEvent.of(now, actor, action, insHash, null, Outcomes.RECORD_NOT_FOUND,
                                false, breakGlass, null), "patient");
                    }
                    RecordView view = RecordView.from(rows.iterator().next(), true);
                    AccessRequest request = new AccessRequest(actor, Action.LIST_DOCUMENTS, view.state(),
                            view.consent(), purpose, reason, now);
                    ConsentEngine.Filtered filtered;
                    try {
                        filtered = consent.filter(request, view.facts());
                    } catch (RuntimeException e) {
                        return unavailable(AuditEvent.of(now, actor, action, insHash, null,
                                Outcomes.CONSENT_UNAVAILABLE, false, breakGlass, null), e);
                    }
                    Decision d = filtered.decision();
                    byte[] sealedReason = breakGlass && view.wrappedKey() != null
                            ? envelope.sealReason(key(view), view.recordId(), reason.orElseThrow()) : null;
                    AuditEvent event = AuditEvent.of(now, actor, action, insHash, null, d.ruleId(), d.allowed(),
                            breakGlass, sealedReason);
                    if (d.denied()) {
                        return deny(event, d);
                    }
                    return audit.append(event).recover(Outcomes::fail)
                            .map(v -> summaries(view, filtered.visible()));
                });
    }

    Future<DocumentContent> read(Actor actor, UUID documentId) {
        Instant now = clock.instant();
        return client.preparedQuery(RecordSql.DOCUMENT).execute(Tuple.of(documentId))
                .recover(Outcomes::fail)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return notFound(AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, null, documentId,
                                Outcomes.DOCUMENT_NOT_FOUND, false, false, null), "document");
                    }
                    Row row = rows.iterator().next();
                    byte[] insHash = row.getBuffer(17).getBytes();
                    if (actor instanceof Actor.Patient p
                            && !MessageDigest.isEqual(insHasher.hash(p.ins()), insHash)) {
                        // Another patient's document: answered as absent, so ids reveal nothing.
                        return notFound(AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, null, documentId,
                                Outcomes.OWN_RECORD_ONLY.ruleId(), false, false, null), "document");
                    }
                    RecordView view = RecordView.from(row, true);
                    RecordView.Doc doc = view.documents().get(0);
                    AccessRequest request = new AccessRequest(actor, Action.READ_DOCUMENT, view.state(),
                            view.consent(), Purpose.CARE, Optional.empty(), now);
                    Decision d;
                    try {
                        d = consent.decide(request, doc.facts());
                    } catch (RuntimeException e) {
                        return unavailable(AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, insHash, documentId,
                                Outcomes.CONSENT_UNAVAILABLE, false, false, null), e);
                    }
                    if (d.denied() && actor instanceof Actor.Professional) {
                        // A live emergency access of this professional on this record opens what break-glass opens.
                        return liveGrant(view.recordId(), (Actor.Professional) actor, now).compose(live -> {
                            if (!live) {
                                return deny(AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, insHash, documentId,
                                        d), d);
                            }
                            AccessRequest emergency = new AccessRequest(actor, Action.READ_DOCUMENT, view.state(),
                                    view.consent(), Purpose.BREAK_GLASS, Optional.of(GRANTED_REASON), now);
                            Decision bg = consent.decide(emergency, doc.facts());
                            return readAllowed(AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, insHash,
                                    documentId, bg.ruleId(), bg.allowed(), true, null), bg, view, doc, documentId);
                        });
                    }
                    return readAllowed(AuditEvent.of(now, actor, AuditAction.READ_DOCUMENT, insHash, documentId, d),
                            d, view, doc, documentId);
                });
    }

    /** Whether a break-glass grant of this professional on this record is still running. */
    private Future<Boolean> liveGrant(UUID recordId, Actor.Professional pro, Instant now) {
        return client.preparedQuery(RecordSql.LIVE_GRANT)
                .execute(Tuple.of(recordId, pro.rpps().value(), now.atOffset(java.time.ZoneOffset.UTC)))
                .recover(Outcomes::fail)
                .map(rows -> rows.size() > 0);
    }

    private Future<DocumentContent> readAllowed(AuditEvent event, Decision d, RecordView view, RecordView.Doc doc,
                                                UUID documentId) {
        if (d.denied()) {
            return deny(event, d);
        }
        // The content is fetched only once allowed, alongside the audit commit.
        Future<Row> content = client.preparedQuery(RecordSql.CONTENT).execute(Tuple.of(documentId))
                .map(rs -> rs.iterator().next());
        return Future.all(audit.append(event), content).recover(Outcomes::fail)
                .compose(v -> decryptContent(view, doc, content.result().getBuffer(0).getBytes()));
    }

    private Future<DocumentContent> decryptContent(RecordView view, RecordView.Doc doc, byte[] sealed) {
        if (sealed.length < BLOCKING_CRYPTO_BYTES) {
            try {
                return Future.succeededFuture(open(view, doc, sealed));
            } catch (RuntimeException e) {
                return Outcomes.fail(e);
            }
        }
        return vertx.executeBlocking(() -> open(view, doc, sealed), false).recover(Outcomes::fail);
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

    private DocumentSummary summary(SecretKey key, RecordView view, RecordView.Doc d) {
        return new DocumentSummary(d.id(), d.classCode(), envelope.openTitle(key, view.recordId(), d.id(), d.title()),
                d.contentType(), d.author(), d.depositedAt(), d.size(), d.masked());
    }

    private SecretKey key(RecordView view) {
        return envelope.unwrap(view.recordId(), view.wrappedKey());
    }

    private <T> Future<T> deny(AuditEvent event, Decision decision) {
        return audit.append(event).recover(Outcomes::fail)
                .compose(v -> Future.failedFuture(new RecordException.AccessDenied(decision)));
    }

    private <T> Future<T> notFound(AuditEvent event, String what) {
        return audit.append(event).recover(Outcomes::fail)
                .compose(v -> Future.failedFuture(new RecordException.NotFound(what)));
    }

    private <T> Future<T> unavailable(AuditEvent event, Throwable cause) {
        return audit.append(event).recover(Outcomes::fail)
                .compose(v -> Future.failedFuture(new RecordException.Unavailable("consent could not be decided",
                        cause)));
    }
}
