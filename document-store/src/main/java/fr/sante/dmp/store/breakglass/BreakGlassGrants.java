package fr.sante.dmp.store.breakglass;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.RecordService;
import fr.sante.dmp.store.patient.Contact;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Emergency access with its consequences (CSP L1111-17 I, R1111-48): the consent engine decides and the audit flags it
 * ({@link RecordService#breakGlass}); then, in one transaction, the grant that lets the professional open documents
 * until it expires, and the notice to the patient through the outbox (sent at once by the dispatcher). Every grant is
 * a review item for the treating doctor and the data protection officer until marked reviewed.
 */
public final class BreakGlassGrants {
    public static final int MAX_REASON = 2000;

    private final Pool pool;
    private final RecordService records;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final Outbox outbox;
    private final Duration ttl;
    private final String spaceUrl;
    private final Clock clock;

    /**
     * @param ttl      how long an access lasts (at most 24 h; the table refuses more)
     * @param spaceUrl the patient space's https address, written in the notice
     */
    public BreakGlassGrants(Pool pool, RecordService records, Envelope envelope, InsHasher insHasher, Outbox outbox,
                            Duration ttl, String spaceUrl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most 24 hours");
        }
        this.pool = pool;
        this.records = records;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.outbox = outbox;
        this.ttl = ttl;
        this.spaceUrl = spaceUrl;
        this.clock = clock;
    }

    /** Opens an emergency access; fails with the consent engine's denial (e.g. the patient opposed) like any read. */
    public Future<BreakGlassAccess> open(Actor.Professional actor, Ins ins, String reason) {
        String stated = reason == null ? "" : reason.strip();
        if (stated.length() > MAX_REASON) {
            return Future.failedFuture(new RecordException.Invalid("reason", "must be at most " + MAX_REASON
                    + " characters"));
        }
        try {
            fr.sante.dmp.store.Text.lines("reason", stated);
        } catch (RecordException.Invalid e) {
            return Future.failedFuture(e);
        }
        return records.breakGlass(actor, ins, stated)
                .compose(documents -> pool.withTransaction(tx -> grant(tx, actor, ins, stated, documents))
                        .recover(e -> e instanceof RecordException ? Future.failedFuture(e)
                                : Future.failedFuture(new RecordException.Unavailable("break-glass grant", e))));
    }

    private Future<BreakGlassAccess> grant(SqlClient tx, Actor.Professional actor, Ins ins, String reason,
                                           List<DocumentSummary> documents) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        UUID id = UUID.randomUUID();
        return tx.preparedQuery(BreakGlassSql.RECORD).execute(Tuple.of(Buffer.buffer(insHasher.hash(ins))))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new RecordException.NotFound("patient"));
                    }
                    Row r = rows.iterator().next();
                    UUID recordId = r.getUUID(0);
                    SecretKey key = envelope.unwrap(recordId, r.getBuffer(1).getBytes());
                    byte[] sealed = envelope.sealReason(key, recordId, reason);
                    Future<UUID> notice = notice(tx, id, key, recordId, r, now);
                    return notice.compose(noticeId -> tx.preparedQuery(BreakGlassSql.INSERT).execute(Tuple.of(id,
                            recordId, actor.rpps().value(), now.atOffset(ZoneOffset.UTC),
                            expires.atOffset(ZoneOffset.UTC), Buffer.buffer(sealed))
                            .addString(r.getString(4)).addUUID(noticeId)));
                })
                .map(v -> new BreakGlassAccess(id, expires, documents));
    }

    /** The patient's notice, by SMS or else e-mail; none when the record holds no contact. */
    private Future<UUID> notice(SqlClient tx, UUID grantId, SecretKey key, UUID recordId, Row r, Instant now) {
        Buffer identity = r.getBuffer(2);
        Optional<Contact.Address> address = Contact.open(envelope, key, recordId,
                identity == null ? null : identity.getBytes()).address(Channel.SMS);
        if (address.isEmpty()) {
            return Future.succeededFuture(null);
        }
        Language language = "en".equals(r.getString(3)) ? Language.en : Language.fr;
        OutboundMessage m = new OutboundMessage(address.get().channel(), address.get().to(), "break-glass", language,
                Map.of("when", now.toString(), "spaceUrl", spaceUrl), "break-glass:" + grantId, MessageKind.BREAK_GLASS);
        return outbox.enqueue(tx, m);
    }

    /**
     * The review queue, newest first.
     *
     * @param treatingDoctor only the accesses to this doctor's patients; empty: all (data protection officer)
     * @param pendingOnly    only those not yet reviewed
     */
    public Future<List<BreakGlassReview>> reviews(Optional<String> treatingDoctor, boolean pendingOnly, int limit) {
        return pool.preparedQuery(BreakGlassSql.REVIEWS)
                .execute(Tuple.of(treatingDoctor.orElse(null), pendingOnly, limit))
                .map(rows -> {
                    List<BreakGlassReview> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(review(row)));
                    return out;
                })
                .recover(BreakGlassGrants::unavailable);
    }

    /**
     * Marks one access reviewed (the first review is kept). A treating doctor may only mark accesses to their own
     * patients: anything else is {@link RecordException.NotFound}, as if it did not exist.
     */
    public Future<BreakGlassReview> markReviewed(UUID id, String reviewer, Optional<String> treatingDoctor) {
        return pool.preparedQuery(BreakGlassSql.MARK_REVIEWED)
                .execute(Tuple.of(id, reviewer, treatingDoctor.orElse(null),
                        clock.instant().atOffset(ZoneOffset.UTC)))
                .recover(BreakGlassGrants::unavailable)
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new RecordException.NotFound("break-glass review"))
                        : pool.preparedQuery(BreakGlassSql.ONE).execute(Tuple.of(id))
                                .recover(BreakGlassGrants::unavailable)
                                .map(one -> review(one.iterator().next())));
    }

    /**
     * Flags one access for the data protection officer (operators' page): it stays pending for the officer's review,
     * marked with who flagged it and when (the first flag is kept). {@link RecordException.NotFound} when unknown.
     */
    public Future<BreakGlassReview> flagForOfficer(UUID id, String operator) {
        return pool.preparedQuery(BreakGlassSql.FLAG)
                .execute(Tuple.of(id, operator, clock.instant().atOffset(ZoneOffset.UTC)))
                .compose(v -> pool.preparedQuery(BreakGlassSql.ONE).execute(Tuple.of(id)))
                .recover(BreakGlassGrants::unavailable)
                .compose(one -> one.size() == 0
                        ? Future.failedFuture(new RecordException.NotFound("break-glass review"))
                        : Future.succeededFuture(review(one.iterator().next())));
    }

    private BreakGlassReview review(Row r) {
        UUID recordId = r.getUUID(1);
        Buffer wrapped = r.getBuffer(9);
        Optional<String> reason = Optional.empty();
        if (wrapped != null) {
            reason = Optional.of(envelope.openReason(envelope.unwrap(recordId, wrapped.getBytes()), recordId,
                    r.getBuffer(5).getBytes()));
        }
        return new BreakGlassReview(r.getUUID(0), recordId, r.getString(2),
                r.getOffsetDateTime(3).toInstant(), r.getOffsetDateTime(4).toInstant(), reason,
                Optional.ofNullable(r.getString(6)), Optional.ofNullable(r.getString(10)),
                Optional.ofNullable(r.getOffsetDateTime(7)).map(java.time.OffsetDateTime::toInstant),
                Optional.ofNullable(r.getString(8)),
                Optional.ofNullable(r.getOffsetDateTime(11)).map(java.time.OffsetDateTime::toInstant),
                Optional.ofNullable(r.getString(12)));
    }

    private static <T> Future<T> unavailable(Throwable e) {
        return Future.failedFuture(e instanceof RecordException ? e
                : new RecordException.Unavailable("break-glass reviews", e));
    }
}
