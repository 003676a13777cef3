package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The FHIR face's searches through the door: a page of a record's documents (keyset paging on the index, the consent
 * filter applied to every row scanned, the exact total: see {@link #total}) and a person looked up by INS. One audit entry per page or look-up, committed before anything is decrypted for the answer.
 */
final class DocumentSearch {
    /** Scans of a page at most: a record whose rows are mostly hidden ends its page short rather than scan on. */
    private static final int MAX_SCANS = 20;
    /** Before every real deposit: the first page's cursor. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");
    private static final UUID LAST_ID = new UUID(-1L, -1L);
    private static final DocumentQuery.Cursor FIRST = new DocumentQuery.Cursor(END_OF_TIME, LAST_ID);

    private final SqlClient client;
    private final AccessDoor door;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final Clock clock;
    private final DocumentReader reads;

    DocumentSearch(SqlClient client, AccessDoor door, Envelope envelope, InsHasher insHasher, Clock clock,
                   DocumentReader reads) {
        this.client = client;
        this.door = door;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.clock = clock;
        this.reads = reads;
    }

    Future<DocumentPage> search(Actor actor, Ins ins, DocumentQuery query) {
        Instant now = clock.instant();
        byte[] insHash = insHasher.hash(ins);
        if (actor instanceof Actor.Patient p && !p.ins().equals(ins)) {
            RuleId rule = RuleId.PATIENT_OWN_RECORD_ONLY;
            return door.refuse(AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                    door.outcome(rule)), actor, door.outcome(rule));
        }
        // A later page's total needs every match's facts: its first scan reads them. A first page's usually does
        // not (it sees every match when it ends short), so its first scan reads the page alone (total()).
        boolean firstPage = query.after().isEmpty();
        DocumentQuery.Cursor start = query.after().orElse(FIRST);
        return scan(actor, insHash, query, now, start, !firstPage, query.count() + 1).recover(ServiceFailures::fail)
                .compose(first -> {
            if (first.view() == null) {
                return door.refuse(AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                        RuleId.RECORD_NOT_FOUND.id(), false, false, null), AccessDoor.unknownPatient());
            }
            AccessRequest request = AccessDoor.request(actor, Action.LIST_DOCUMENTS, first.view().snapshot(),
                    Purpose.CARE, Optional.empty(), now);
            Page page = new Page(query.count());
            AccessDoor.Filtered filtered;
            try {
                filtered = page.take(door, request, first);
                if (filtered.verdict().allowed() && !firstPage) {
                    // Bundle.total: what the door lets this actor see of every match, as the JSON list shows it.
                    page.total = door.filter(request, first.view().snapshot(), first.matching()).visible().size();
                }
            } catch (RuntimeException e) {
                return unavailable(now, actor, insHash, e);
            }
            Verdict v = filtered.verdict();
            AuditEvent event = AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                    v.decision().ruleId(), v.allowed(), v.emergency(), null);
            if (v.denied()) {
                return door.refuse(event, actor, v.decision());
            }
            return more(actor, insHash, query, now, request, page, first, 1)
                    .compose(done -> firstPage ? total(actor, insHash, query, now, request, page, first)
                            : Future.succeededFuture(true))
                    .compose(counted -> counted ? door.record(event).recover(ServiceFailures::fail)
                            .map(ok -> page.result(envelope, reads))
                            : unavailable(now, actor, insHash, null));
        });
    }

    /**
     * A first page's {@code Bundle.total}: when its first scan saw every match (it ended short of what it asked for),
     * the documents the page shows; otherwise what the door lets this actor see of every match's facts, read by one
     * counted statement more (most records hold fewer documents than a page: 98 % of the benchmark's). False when
     * the door could not decide them.
     */
    private Future<Boolean> total(Actor actor, byte[] insHash, DocumentQuery query, Instant now,
                                  AccessRequest request, Page page, Scan first) {
        if (first.rows().size() < query.count() + 1) {
            page.total = page.visible.size();
            return Future.succeededFuture(true);
        }
        return scan(actor, insHash, query, now, FIRST, true, 0).recover(ServiceFailures::fail).map(all -> {
            try {
                // The record gone meanwhile: the page's own count, as if the scan had ended there.
                page.total = all.view() == null ? page.visible.size()
                        : door.filter(request, first.view().snapshot(), all.matching()).visible().size();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private <T> Future<T> unavailable(Instant now, Actor actor, byte[] insHash, RuntimeException cause) {
        return door.refuse(AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                RuleId.CONSENT_UNAVAILABLE.id(), false, false, null),
                new RecordException.Unavailable("consent could not be decided", cause));
    }

    /** Scans on until the page holds one more than its size (so the next link is known) or the rows run out. */
    private Future<Void> more(Actor actor, byte[] insHash, DocumentQuery query, Instant now, AccessRequest request,
                              Page page, Scan last, int scans) {
        if (page.full() || last.rows().size() < query.count() + 1) {
            page.exhausted = !page.full();
            return Future.succeededFuture();
        }
        if (scans >= MAX_SCANS) {
            page.resumeAt = last.lastKey();
            return Future.succeededFuture();
        }
        return scan(actor, insHash, query, now, last.lastKey(), false, query.count() + 1).recover(ServiceFailures::fail).compose(next -> {
            if (next.view() == null) {
                page.exhausted = true;
                return Future.succeededFuture();
            }
            page.take(door, request, next);
            return more(actor, insHash, query, now, request, page, next, scans + 1);
        });
    }

    /**
     * Up to {@code limit} rows after {@code after}; {@code counted}: also the consent facts of every match, for the
     * total.
     */
    private Future<Scan> scan(Actor actor, byte[] insHash, DocumentQuery q, Instant now, DocumentQuery.Cursor after,
                              boolean counted, int limit) {
        Tuple t = Tuple.tuple()
                .addValue(Buffer.buffer(insHash)).addValue(ConsentSql.at(now)).addValue(ConsentSql.askers(actor))
                .addValue(q.statuses().toArray(String[]::new))
                .addValue(q.classCodes().isEmpty() ? null : q.classCodes().toArray(String[]::new))
                .addValue(q.authorRpps().isEmpty() ? null : q.authorRpps().toArray(String[]::new))
                .addValue(q.from().map(ConsentSql::at).orElse(null))
                .addValue(q.to().map(ConsentSql::at).orElse(null))
                .addValue(OffsetDateTime.ofInstant(after.depositedAt(), ZoneOffset.UTC))
                .addValue(after.id())
                .addValue(limit);
        String sql = RecordSql.search(!q.classCodes().isEmpty(), !q.authorRpps().isEmpty(), q.from().isPresent(),
                q.to().isPresent(), counted);
        return client.preparedQuery(sql).execute(t).map(rows -> {
            if (rows.size() == 0) {
                return new Scan(null, List.of(), List.of());
            }
            Row row = rows.iterator().next();
            RecordView view = RecordView.from(row, true);
            return new Scan(view, view.documents(), counted ? RecordView.facts(row, "counted_") : List.of());
        });
    }

    /** A person by INS: unknown, opposed and purged answer alike (not found); a refusal carries its rule. */
    Future<PatientFound> findPatient(Actor.Professional actor, Ins ins) {
        Instant now = clock.instant();
        byte[] insHash = insHasher.hash(ins);
        return client.preparedQuery(RecordSql.PATIENT)
                .execute(Tuple.of(Buffer.buffer(insHash), ConsentSql.at(now), ConsentSql.askers(actor)))
                .recover(ServiceFailures::fail)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return door.refuse(AuditEvent.of(now, actor, AuditAction.FIND_PATIENT, insHash, null,
                                RuleId.RECORD_NOT_FOUND.id(), false, false, null), AccessDoor.unknownPatient());
                    }
                    Row row = rows.iterator().next();
                    RecordView view = RecordView.from(row, false);
                    AccessRequest request = AccessDoor.request(actor, Action.LIST_DOCUMENTS, view.snapshot(),
                            Purpose.CARE, Optional.empty(), now);
                    Verdict v;
                    try {
                        v = door.decide(request, view.snapshot());
                    } catch (RuntimeException e) {
                        return door.refuse(AuditEvent.of(now, actor, AuditAction.FIND_PATIENT, insHash, null,
                                RuleId.CONSENT_UNAVAILABLE.id(), false, false, null),
                                new RecordException.Unavailable("consent could not be decided", e));
                    }
                    AuditEvent event = AuditEvent.of(now, actor, AuditAction.FIND_PATIENT, insHash, null,
                            v.decision().ruleId(), v.allowed(), v.emergency(), null);
                    if (v.denied()) {
                        return door.refuse(event, actor, v.decision());
                    }
                    Buffer identity = row.getBuffer("identity");
                    return door.record(event).recover(ServiceFailures::fail).map(ok -> {
                        SecretKey key = envelope.unwrap(view.recordId(), view.wrappedKey());
                        JsonObject json = new JsonObject(Buffer.buffer(
                                envelope.openIdentity(key, view.recordId(), identity.getBytes())));
                        return new PatientFound(ins, json.getString("givenName"), json.getString("familyName"),
                                LocalDate.parse(json.getString("birthDate")), json.getString("sex"));
                    });
                });
    }

    /**
     * The rows of one scan, newest first; {@code view} null when the record is not there; {@code matching} the facts
     * of every match when the scan was counted.
     */
    private record Scan(RecordView view, List<RecordView.Doc> rows, List<DocumentFacts> matching) {
        DocumentQuery.Cursor lastKey() {
            RecordView.Doc d = rows.get(rows.size() - 1);
            return new DocumentQuery.Cursor(d.depositedAt(), d.id());
        }
    }

    /** The visible documents gathered so far, up to one more than the page's size. */
    private static final class Page {
        private final int size;
        private final List<RecordView.Doc> visible = new ArrayList<>();
        private RecordView view;
        private boolean exhausted;
        private DocumentQuery.Cursor resumeAt;
        private int total;

        Page(int size) {
            this.size = size;
        }

        boolean full() {
            return visible.size() > size;
        }

        AccessDoor.Filtered take(AccessDoor door, AccessRequest request, Scan scan) {
            view = scan.view();
            List<DocumentFacts> facts = view.facts();
            AccessDoor.Filtered f = door.filter(request, view.snapshot(), facts);
            if (f.verdict().allowed()) {
                Set<String> ids = new HashSet<>();
                f.visible().forEach(d -> ids.add(d.id()));
                for (RecordView.Doc d : scan.rows()) {
                    if (ids.contains(d.id().toString()) && visible.size() <= size) {
                        visible.add(d);
                    }
                }
            }
            return f;
        }

        DocumentPage result(Envelope envelope, DocumentReader reads) {
            List<RecordView.Doc> shown = visible.size() > size ? visible.subList(0, size) : visible;
            Optional<DocumentQuery.Cursor> next = Optional.empty();
            if (visible.size() > size) {
                RecordView.Doc last = shown.get(shown.size() - 1);
                next = Optional.of(new DocumentQuery.Cursor(last.depositedAt(), last.id()));
            } else if (!exhausted && resumeAt != null) {
                next = Optional.of(resumeAt);
            }
            if (shown.isEmpty()) {
                return new DocumentPage(List.of(), next, total);
            }
            SecretKey key = envelope.unwrap(view.recordId(), view.wrappedKey());
            List<DocumentSummary> out = new ArrayList<>(shown.size());
            for (RecordView.Doc d : shown) {
                out.add(reads.summary(key, view, d));
            }
            return new DocumentPage(out, next, total);
        }
    }
}
