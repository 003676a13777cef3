package fr.sante.dmp.store.invitation;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.patient.InvitationCodes;
import fr.sante.dmp.store.record.NewRecords;
import fr.sante.dmp.store.record.PersonRegistration;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One import transaction: up to {@code importBatch} lines. Valid persons without a record get a record INVITED (no
 * deadline yet: the window opens when the invitation is sent), default consent settings, an invitation code and their
 * invitation messages in the outbox; persons who already have a record are skipped; refused lines are stored with
 * their reasons. Either all of it commits or none of it does, so a crash never leaves a record without its message
 * nor a message without its record.
 */
final class ImportBatch {
    static final String RULE_INVITED = "campaign-invited";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final Pool pool;
    private final Outbox outbox;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final InvitationCodes codes;
    private final AuditLog audit;
    private final String oppositionUrl;

    ImportBatch(Pool pool, Outbox outbox, Envelope envelope, InsHasher insHasher, InvitationCodes codes,
                AuditLog audit, String oppositionUrl) {
        this.pool = pool;
        this.outbox = outbox;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.codes = codes;
        this.audit = audit;
        this.oppositionUrl = oppositionUrl;
    }

    /** What a batch did: persons invited, lines refused, persons skipped. */
    record Counts(long imported, long rejected, long skipped) {
    }

    private record Prepared(CohortRow row, UUID recordId, byte[] insHash, Tuple insert) {
    }

    Future<Counts> write(String operator, UUID campaignId, List<CohortRow> rows, List<Rejection> rejections,
                         Instant now) {
        List<Prepared> prepared = new ArrayList<>(rows.size());
        for (CohortRow row : rows) {
            prepared.add(prepare(row, now));
        }
        long rejectedLines = rejections.stream().mapToLong(Rejection::line).distinct().count();
        return pool.withTransaction(tx -> insertRecords(tx, prepared).compose(created -> {
            List<Future<?>> steps = new ArrayList<>();
            if (!created.isEmpty()) {
                steps.add(settings(tx, created, now));
                steps.add(invite(tx, campaignId, created, now));
            }
            if (!rejections.isEmpty()) {
                List<Tuple> t = new ArrayList<>(rejections.size());
                for (Rejection r : rejections) {
                    t.add(Tuple.of(campaignId, r.line(), r.field(), r.reason()));
                }
                steps.add(tx.preparedQuery(InvitationSql.INSERT_REJECTION).executeBatch(t));
            }
            long skipped = prepared.size() - created.size();
            Counts counts = new Counts(created.size(), rejectedLines, skipped);
            steps.add(tx.preparedQuery(InvitationSql.COUNT_BATCH)
                    .execute(Tuple.of(campaignId, counts.imported(), counts.rejected(), counts.skipped())));
            return Future.all(steps).compose(v -> created.isEmpty() ? Future.succeededFuture(counts)
                    : audit.append(tx, events(operator, created, now)).map(seq -> counts));
        }));
    }

    /** Keys and sealed identity computed before the transaction: the connection is held only for SQL. */
    private Prepared prepare(CohortRow row, Instant now) {
        UUID recordId = UUID.randomUUID();
        byte[] insHash = insHasher.hash(row.ins());
        Envelope.NewDataKey key = envelope.newDataKey(recordId);
        PersonRegistration person = new PersonRegistration(row.birthDate(), row.givenName(), row.familyName(),
                row.sex(), row.phone(), row.email(), RecordState.INVITED);
        byte[] identity = envelope.sealIdentity(key.key(), recordId, NewRecords.identityJson(person));
        // invited_at and opposition_deadline stay NULL until the invitation is sent (Scheduler.markSent).
        Tuple insert = Tuple.from(new Object[] {
            recordId, Buffer.buffer(insHash), RecordState.INVITED.name(), null, null,
            Buffer.buffer(key.wrapped()), Buffer.buffer(identity), time(now)
        });
        return new Prepared(row, recordId, insHash, insert);
    }

    /** ON CONFLICT (ins_hash) DO NOTHING: a person with a record (any state, any campaign) gets no row back. */
    private static Future<List<Prepared>> insertRecords(SqlConnection tx, List<Prepared> prepared) {
        if (prepared.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Tuple> tuples = new ArrayList<>(prepared.size());
        for (Prepared p : prepared) {
            tuples.add(p.insert());
        }
        return tx.preparedQuery(NewRecords.INSERT_RECORD).executeBatch(tuples).map(first -> {
            List<Prepared> created = new ArrayList<>();
            RowSet<Row> rs = first;
            for (Prepared p : prepared) {
                if (rs.size() == 1) {
                    created.add(p);
                }
                rs = rs.next();
            }
            return created;
        });
    }

    private static Future<?> settings(SqlConnection tx, List<Prepared> created, Instant now) {
        List<Tuple> t = new ArrayList<>(created.size());
        List<UUID> english = new ArrayList<>();
        for (Prepared p : created) {
            t.add(Tuple.of(p.recordId(), time(now)));
            if (p.row().language() == Language.en) {
                english.add(p.recordId());
            }
        }
        Future<?> settings = tx.preparedQuery(NewRecords.INSERT_SETTINGS).executeBatch(t);
        return english.isEmpty() ? settings : Future.all(settings,
                tx.preparedQuery(InvitationSql.SET_LANGUAGE).execute(Tuple.of(english.toArray(UUID[]::new))));
    }

    /** Code, messages and the campaign link of every created record; all pipelined on the transaction. */
    private Future<?> invite(SqlConnection tx, UUID campaignId, List<Prepared> created, Instant now) {
        // The announced date: the window really closes 42 days after sending, never before this date (sending
        // happens at or after import), so "created on D, oppose before D" is always true. See docs/invitations.md.
        String announced = now.plus(fr.sante.dmp.consent.RecordLifecycle.OPPOSITION_WINDOW).atZone(PARIS)
                .toLocalDate().toString();
        String group = Campaigns.groupKey(campaignId);
        List<Future<Tuple>> links = new ArrayList<>(created.size());
        for (Prepared p : created) {
            links.add(codes.issue(tx, p.recordId()).compose(code -> {
                Map<String, String> params = Map.of("deadline", announced, "oppositionUrl", oppositionUrl,
                        "code", code);
                Future<UUID> sms = p.row().phone().map(phone -> outbox.enqueue(tx, new OutboundMessage(Channel.SMS,
                        phone, "invitation", p.row().language(), params,
                        Campaigns.invitationKey(campaignId, p.recordId(), Channel.SMS), MessageKind.INVITATION,
                        null, group))).orElse(Future.succeededFuture(null));
                Future<UUID> email = p.row().email().map(addr -> outbox.enqueue(tx, new OutboundMessage(
                        Channel.EMAIL, addr, "invitation", p.row().language(), params,
                        Campaigns.invitationKey(campaignId, p.recordId(), Channel.EMAIL), MessageKind.INVITATION,
                        null, group))).orElse(Future.succeededFuture(null));
                return Future.all(sms, email).map(v -> Tuple.of(p.recordId(), campaignId, sms.result(),
                        email.result(), time(now)));
            }));
        }
        return Future.all(links).compose(v -> {
            List<Tuple> t = new ArrayList<>(links.size());
            for (Future<Tuple> f : links) {
                t.add(f.result());
            }
            return tx.preparedQuery(InvitationSql.INSERT_INVITATION).executeBatch(t);
        });
    }

    private static List<AuditEvent> events(String operator, List<Prepared> created, Instant now) {
        List<AuditEvent> events = new ArrayList<>(created.size());
        for (Prepared p : created) {
            events.add(AuditEvent.operator(now, operator, AuditAction.REGISTER, p.insHash(), RULE_INVITED));
        }
        return events;
    }

    static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static LocalDate parisDate(Instant at) {
        return at.atZone(PARIS).toLocalDate();
    }
}
