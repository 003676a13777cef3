package fr.sante.dmp.store.invitation;

import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.notify.letter.PostalAddress;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import fr.sante.dmp.store.record.NewRecords;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.representation.ImportedLinks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One import transaction: up to {@code importBatch} lines. Valid persons without a record get a record INVITED (no
 * deadline yet: the window opens when the invitation is sent) with their invitation code, default consent settings
 * and their invitation messages in the outbox; persons who already have a record are skipped; refused lines are stored
 * with their reasons. Either all of it commits or none of it does, so a crash never leaves a record without its
 * message nor a message without its record.
 *
 * <p>Speed (docs/BENCHMARKS.md): the CPU work (data keys, sealed identities, INS and code HMACs, encrypted message
 * payloads) runs on a worker thread before the transaction; inside it each table gets one multi-row statement
 * ({@code unnest} of arrays), not one statement per person; the two rows every batch touches (the campaign counters and
 * the audit head) are written last, so batches on other connections run in parallel until then.
 */
final class ImportBatch {
    static final String RULE_INVITED = "campaign-invited";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final int MAX_ATTEMPTS = 3;

    private final Vertx vertx;
    private final Pool pool;
    private final Outbox outbox;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final InvitationCodes codes;
    private final AccessDoor door;
    private final String oppositionUrl;

    ImportBatch(Vertx vertx, Pool pool, Outbox outbox, Envelope envelope, InsHasher insHasher, InvitationCodes codes,
                AccessDoor door, String oppositionUrl) {
        this.vertx = vertx;
        this.pool = pool;
        this.outbox = outbox;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.codes = codes;
        this.door = door;
        this.oppositionUrl = oppositionUrl;
    }

    /** What a batch did: persons invited, lines refused, persons skipped. */
    record Counts(long imported, long rejected, long skipped) {
    }

    /** A person ready to insert: keys, sealed identity, code hash and sealed messages computed. */
    private record Prepared(CohortRow row, UUID recordId, byte[] insHash, byte[] wrappedKey, byte[] identity,
                            byte[] codeHash, byte[] codeLookup, Outbox.Sealed sms, Outbox.Sealed email, Outbox.Sealed letter) {
    }

    Future<Counts> write(String operator, UUID campaignId, List<CohortRow> rows, List<Rejection> rejections,
                         Instant now) {
        long rejectedLines = rejections.stream().mapToLong(Rejection::line).distinct().count();
        return vertx.executeBlocking(() -> prepareAll(campaignId, rows, now), false)
                .compose(prepared -> attempt(operator, campaignId, prepared, rejections, rejectedLines, now, 1));
    }

    /**
     * Two batches in flight that hold the same person twice in opposite orders can deadlock on the INS unique index;
     * PostgreSQL aborts one of them, which rolled back entirely, so it is simply written again.
     */
    private Future<Counts> attempt(String operator, UUID campaignId, List<Prepared> prepared,
                                   List<Rejection> rejections, long rejectedLines, Instant now, int attempt) {
        return pool.withTransaction(tx -> transaction(tx, operator, campaignId, prepared, rejections, rejectedLines,
                        now))
                .recover(e -> e instanceof PgException pg && ("40P01".equals(pg.getSqlState())
                        || "40001".equals(pg.getSqlState())) && attempt < MAX_ATTEMPTS
                        ? attempt(operator, campaignId, prepared, rejections, rejectedLines, now, attempt + 1)
                        : Future.failedFuture(e));
    }

    /**
     * Lines naming a minor's representatives (optional column): the representatives are looked up first, in this
     * transaction; a line whose person is of age, or whose representatives are not all known adults, is refused
     * whole (nothing of it written), the others go on, and their links are written with their records.
     */
    private Future<Counts> transaction(SqlConnection tx, String operator, UUID campaignId, List<Prepared> prepared,
                                       List<Rejection> rejections, long rejectedLines, Instant now) {
        java.util.Set<fr.sante.dmp.consent.Ins> named = new java.util.HashSet<>();
        prepared.forEach(p -> named.addAll(p.row().representatives()));
        if (named.isEmpty()) {
            return written(tx, operator, campaignId, prepared, rejections, rejectedLines, now, Map.of());
        }
        return ImportedLinks.holders(tx, envelope, insHasher, door, named, now).compose(found -> {
            // A parent on another line of this batch (an adult without representatives of their own) is a holder
            // too: their record is inserted before the links, in this transaction.
            Map<fr.sante.dmp.consent.Ins, ImportedLinks.Holder> holders = new java.util.HashMap<>(found);
            for (Prepared p : prepared) {
                if (named.contains(p.row().ins()) && p.row().representatives().isEmpty()
                        && !door.consent().minor(p.row().birthDate(), now)) {
                    holders.putIfAbsent(p.row().ins(), new ImportedLinks.Holder(p.recordId(), p.wrappedKey()));
                }
            }
            List<Prepared> kept = new ArrayList<>(prepared.size());
            List<Rejection> refused = new ArrayList<>(rejections);
            for (Prepared p : prepared) {
                List<fr.sante.dmp.consent.Ins> reps = p.row().representatives();
                if (reps.isEmpty()) {
                    kept.add(p);
                } else if (!door.consent().minor(p.row().birthDate(), now)) {
                    refused.add(new Rejection(p.row().line(), CohortParser.REPRESENTATIVES,
                            "only a minor's representatives are named (parental authority)"));
                } else if (!holders.keySet().containsAll(reps)) {
                    refused.add(new Rejection(p.row().line(), CohortParser.REPRESENTATIVES,
                            "each must be a known person of age (unknown INS, or a minor)"));
                } else {
                    kept.add(p);
                }
            }
            long lines = refused.stream().mapToLong(Rejection::line).distinct().count();
            return written(tx, operator, campaignId, kept, refused, lines, now, holders);
        });
    }

    private Future<Counts> written(SqlConnection tx, String operator, UUID campaignId, List<Prepared> prepared,
                                   List<Rejection> rejections, long rejectedLines, Instant now,
                                   Map<fr.sante.dmp.consent.Ins, ImportedLinks.Holder> holders) {
        return insertRecords(tx, prepared, now, door.consent().invitations().oppositionWindow()).compose(created -> {
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
            Counts counts = new Counts(created.size(), rejectedLines, prepared.size() - created.size());
            List<AuditEvent> linked = new ArrayList<>();
            for (Prepared p : created) {
                if (!p.row().representatives().isEmpty()) {
                    steps.add(ImportedLinks.link(tx, envelope, operator, p.recordId(), p.wrappedKey(), p.insHash(),
                            p.row().ins(), p.row().birthDate(), p.row().representatives().stream().map(holders::get)
                                    .toList(), "cohort " + campaignId + ", line " + p.row().line(), now)
                            .onSuccess(linked::addAll));
                }
            }
            // The shared rows last, always in the same order (campaign, then audit head): held only until commit.
            return Future.all(steps)
                    .compose(v -> tx.preparedQuery(InvitationSql.COUNT_BATCH)
                            .execute(Tuple.of(campaignId, counts.imported(), counts.rejected(), counts.skipped())))
                    .compose(v -> {
                        if (created.isEmpty()) {
                            return Future.succeededFuture(counts);
                        }
                        List<AuditEvent> all = events(operator, created, now);
                        all.addAll(linked);
                        return door.record(tx, all).map(seq -> counts);
                    });
        });
    }

    /** CPU only (worker thread): everything that does not need the database. */
    private List<Prepared> prepareAll(UUID campaignId, List<CohortRow> rows, Instant now) {
        // The announced date: the window really closes 42 days after sending, never before this date (sending
        // happens at or after import), so "created on D, oppose before D" is always true. See docs/invitations.md.
        String announced = now.plus(door.consent().invitations().oppositionWindow()).atZone(PARIS).toLocalDate().toString();
        String group = Campaigns.groupKey(campaignId);
        List<Prepared> out = new ArrayList<>(rows.size());
        for (CohortRow row : rows) {
            UUID recordId = UUID.randomUUID();
            byte[] insHash = insHasher.hash(row.ins());
            Envelope.NewDataKey key = envelope.newDataKey(recordId);
            PersonRegistration person = new PersonRegistration(row.birthDate(), row.givenName(), row.familyName(),
                    row.sex(), row.phone(), row.email(), RecordState.INVITED);
            byte[] identity = envelope.sealIdentity(key.key(), recordId, NewRecords.identityJson(row.ins(), person,
                    row.postalAddress().map(PostalAddress::recipient)));
            InvitationCodes.Issued code = codes.generate(recordId);
            Map<String, String> params = Map.of("deadline", announced, "oppositionUrl", oppositionUrl,
                    "code", code.code());
            Outbox.Sealed sms = row.phone().map(phone -> outbox.seal(new OutboundMessage(Channel.SMS, phone,
                    "invitation", row.language(), params, Campaigns.invitationKey(campaignId, recordId, Channel.SMS),
                    MessageKind.INVITATION, null, group))).orElse(null);
            Outbox.Sealed email = row.email().map(addr -> outbox.seal(new OutboundMessage(Channel.EMAIL, addr,
                    "invitation", row.language(), params, Campaigns.invitationKey(campaignId, recordId, Channel.EMAIL),
                    MessageKind.INVITATION, null, group))).orElse(null);
            // A letter only to whom nothing else can reach; for the others it is the fallback (Reinvitations).
            Outbox.Sealed letter = !row.byLetter() ? null : outbox.seal(new OutboundMessage(Channel.LETTER,
                    row.postalAddress().get().recipient(), "invitation", row.language(), params,
                    Campaigns.invitationKey(campaignId, recordId, Channel.LETTER), MessageKind.INVITATION, null,
                    group));
            out.add(new Prepared(row, recordId, insHash, key.wrapped(), identity, code.hash(), code.lookup(), sms,
                    email, letter));
        }
        return out;
    }

    /**
     * One INSERT for the batch, ON CONFLICT (ins_hash) DO NOTHING: a person with a record (any state, any campaign, or
     * earlier in the same batch) gets no row back and is skipped. invited_at and opposition_deadline stay NULL until
     * the invitation is sent (Scheduler.markSent).
     */
    private static Future<List<Prepared>> insertRecords(SqlConnection tx, List<Prepared> prepared, Instant now,
                                                       java.time.Duration window) {
        if (prepared.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        int n = prepared.size();
        UUID[] ids = new UUID[n];
        Buffer[] insHashes = new Buffer[n];
        Buffer[] keys = new Buffer[n];
        Buffer[] identities = new Buffer[n];
        Buffer[] codeHashes = new Buffer[n];
        Buffer[] codeLookups = new Buffer[n];
        String[] languages = new String[n];
        for (int i = 0; i < n; i++) {
            Prepared p = prepared.get(i);
            ids[i] = p.recordId();
            insHashes[i] = Buffer.buffer(p.insHash());
            keys[i] = Buffer.buffer(p.wrappedKey());
            identities[i] = Buffer.buffer(p.identity());
            codeHashes[i] = Buffer.buffer(p.codeHash());
            codeLookups[i] = Buffer.buffer(p.codeLookup());
            languages[i] = (p.row().language() == null ? Language.fr : p.row().language()).name();
        }
        Tuple t = Tuple.tuple().addArrayOfUUID(ids).addArrayOfBuffer(insHashes).addArrayOfBuffer(keys)
                .addArrayOfBuffer(identities).addArrayOfBuffer(codeHashes).addOffsetDateTime(time(now))
                .addOffsetDateTime(time(now.plus(window))).addArrayOfString(languages)
                .addArrayOfBuffer(codeLookups);
        return tx.preparedQuery(InvitationSql.INSERT_RECORDS).execute(t).map(rows -> {
            Set<UUID> inserted = new HashSet<>();
            for (Row r : rows) {
                inserted.add(r.getUUID(0));
            }
            List<Prepared> created = new ArrayList<>(inserted.size());
            for (Prepared p : prepared) {
                if (inserted.contains(p.recordId())) {
                    created.add(p);
                }
            }
            return created;
        });
    }

    private static Future<?> settings(SqlConnection tx, List<Prepared> created, Instant now) {
        UUID[] ids = created.stream().map(Prepared::recordId).toArray(UUID[]::new);
        return tx.preparedQuery(InvitationSql.INSERT_SETTINGS).execute(Tuple.of(ids, time(now)));
    }

    /** The messages (one statement) and then the campaign links with their message ids (one statement). */
    private Future<?> invite(SqlConnection tx, UUID campaignId, List<Prepared> created, Instant now) {
        List<Outbox.Sealed> messages = new ArrayList<>(created.size() * 2);
        for (Prepared p : created) {
            if (p.sms() != null) {
                messages.add(p.sms());
            }
            if (p.email() != null) {
                messages.add(p.email());
            }
            if (p.letter() != null) {
                messages.add(p.letter());
            }
        }
        return outbox.enqueueAll(tx, messages).compose(ids -> {
            int n = created.size();
            UUID[] records = new UUID[n];
            UUID[] sms = new UUID[n];
            UUID[] email = new UUID[n];
            UUID[] letter = new UUID[n];
            Boolean[] postal = new Boolean[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                Prepared p = created.get(i);
                records[i] = p.recordId();
                sms[i] = p.sms() == null ? null : ids.get(m++);
                email[i] = p.email() == null ? null : ids.get(m++);
                letter[i] = p.letter() == null ? null : ids.get(m++);
                postal[i] = p.row().postalAddress().isPresent();
            }
            return tx.preparedQuery(InvitationSql.INSERT_INVITATIONS)
                    .execute(Tuple.of(records, campaignId, sms, email, time(now), letter).addArrayOfBoolean(postal));
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
