package fr.sante.dmp.store.invitation;

import fr.sante.dmp.consent.IllegalTransitionException;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RecordStatus;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import fr.sante.dmp.store.patient.lifecycle.OppositionEscrows;
import fr.sante.dmp.store.patient.lifecycle.RecordErasure;
import fr.sante.dmp.store.patient.Contact;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One batch of each scheduler job, each in its own transaction. */
final class SchedulerJobs {
    static final String OPERATOR = "scheduler";
    static final String RULE_ACTIVATED = "activated-at-deadline";
    static final String RULE_PURGED = "purge-due";

    /** Rows taken by a batch (to know whether to continue) and rows changed. */
    record Batch(long taken, long done) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final Envelope envelope;
    private final InvitationCodes codes;
    private final AccessDoor door;
    private final InvitationOptions options;

    SchedulerJobs(Pool pool, Outbox outbox, Envelope envelope, InvitationCodes codes, AccessDoor door,
                  InvitationOptions options) {
        this.pool = pool;
        this.outbox = outbox;
        this.envelope = envelope;
        this.codes = codes;
        this.door = door;
        this.options = options;
        this.majority = new fr.sante.dmp.store.representation.MajorityPass(pool, outbox, envelope, door,
                java.net.URI.create(options.oppositionUrl()).resolve("/").toString(),
                new MajorityInvitations(outbox, envelope, codes, door, options));
    }

    private final fr.sante.dmp.store.representation.MajorityPass majority;

    /** Parental links ended at the person's majority, with their notices and audit entries. */
    Future<Batch> endAtMajority(Instant now) {
        return majority.run(now, options.schedulerBatch()).map(n -> new Batch(n, n));
    }

    Future<Batch> markSent(Instant now) {
        return pool.preparedQuery(InvitationSql.MARK_SENT)
                .execute(Tuple.of(options.schedulerBatch(), time(now),
                        (double) door.consent().invitations().oppositionWindow().toSeconds()))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Batch(r.getLong(0), r.getLong(1));
                });
    }

    /** INVITED → ACTIVE for records past their deadline, decided by {@link RecordLifecycle}, audited. */
    Future<Batch> activate(Instant now) {
        RecordLifecycle lifecycle = door.consent().lifecycle(Clock.fixed(now, ZoneOffset.UTC));
        return pool.withTransaction(tx -> tx.preparedQuery(InvitationSql.DUE_FOR_ACTIVATION)
                .execute(Tuple.of(time(now), options.schedulerBatch())).compose(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    List<AuditEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        try {
                            lifecycle.activateAtDeadline(status(r));
                        } catch (IllegalTransitionException e) {
                            continue;
                        }
                        ids.add(r.getUUID(0));
                        events.add(AuditEvent.operator(now, OPERATOR, AuditAction.ACTIVATE,
                                r.getBuffer(6).getBytes(), RULE_ACTIVATED));
                    }
                    if (ids.isEmpty()) {
                        return Future.succeededFuture(new Batch(rows.size(), 0));
                    }
                    return tx.preparedQuery(InvitationSql.ACTIVATE)
                            .execute(Tuple.of(ids.toArray(UUID[]::new), time(now)))
                            .compose(v -> door.record(tx, events))
                            .map(seq -> new Batch(rows.size(), ids.size()));
                }));
    }

    /** CLOSED → PURGED when due (R1111-36): erased as an opposition erases, key destroyed, audited. */
    Future<Batch> purge(Instant now) {
        RecordLifecycle lifecycle = door.consent().lifecycle(Clock.fixed(now, ZoneOffset.UTC));
        return pool.withTransaction(tx -> tx.preparedQuery(InvitationSql.DUE_FOR_PURGE)
                .execute(Tuple.of(time(now), (double) RecordLifecycle.ARCHIVE_PERIOD.toSeconds(),
                        (double) RecordLifecycle.DELETION_DELAY.toSeconds(), options.schedulerBatch()))
                .compose(rows -> {
                    List<Future<?>> erased = new ArrayList<>();
                    List<AuditEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        try {
                            lifecycle.purge(status(r));
                        } catch (IllegalTransitionException e) {
                            continue;
                        }
                        UUID id = r.getUUID(0);
                        erased.add(RecordErasure.purge(tx, id, now));
                        envelope.forget(id);
                        events.add(AuditEvent.operator(now, OPERATOR, AuditAction.PURGE, r.getBuffer(6).getBytes(),
                                RULE_PURGED));
                    }
                    if (events.isEmpty()) {
                        return Future.succeededFuture(new Batch(rows.size(), 0));
                    }
                    return Future.all(erased).compose(v -> door.record(tx, events))
                            .map(seq -> new Batch(rows.size(), events.size()));
                }));
    }

    /**
     * One reminder per person who has not acted, the policy's {@code reminderDaysBefore} the deadline, by SMS when there is a phone,
     * else by e-mail, else by letter. The code is never stored in clear, so the reminder carries a new one (R1111-28 allows
     * regenerating it); the previous code stops working.
     */
    Future<Batch> remind(Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery(InvitationSql.DUE_FOR_REMINDER)
                .execute(Tuple.of(time(now), time(now.plus(door.consent().invitations().reminderBefore())),
                        options.schedulerBatch()))
                .compose(rows -> {
                    List<Future<?>> sent = new ArrayList<>();
                    for (Row r : rows) {
                        UUID recordId = r.getUUID(0);
                        UUID campaignId = r.getUUID(1);
                        Contact contact = contact(recordId, r.getBuffer(2), r.getBuffer(3));
                        Language language = Language.valueOf(r.getString(4));
                        String deadline = ImportBatch.parisDate(r.getOffsetDateTime(5).toInstant()).toString();
                        Future<?> marked = tx.preparedQuery(InvitationSql.REMINDED)
                                .execute(Tuple.of(recordId, time(now)));
                        // By SMS if there is a phone, else by e-mail, else by letter.
                        Optional<Contact.Address> address = contact.address(Channel.SMS).or(() -> contact
                                .postalAddress().map(a -> new Contact.Address(Channel.LETTER, a)));
                        if (address.isEmpty()) {
                            sent.add(marked);
                            continue;
                        }
                        Channel channel = address.get().channel();
                        String to = address.get().to();
                        sent.add(Future.all(marked, codes.issue(tx, recordId).compose(code -> outbox.enqueue(tx,
                                new OutboundMessage(channel, to, "reminder", language,
                                        Map.of("deadline", deadline, "oppositionUrl", options.oppositionUrl(),
                                                "code", code),
                                        Campaigns.reminderKey(recordId), MessageKind.REMINDER, null,
                                        Campaigns.groupKey(campaignId))))));
                    }
                    return Future.all(sent).map(v -> new Batch(rows.size(), rows.size()));
                }));
    }

    Future<Long> eraseEscrows(Instant now) {
        return pool.withTransaction(tx -> OppositionEscrows.eraseExpired(tx, now)).map(Integer::longValue);
    }

    private Contact contact(UUID recordId, Buffer wrapped, Buffer identity) {
        return Contact.open(envelope, recordId, wrapped == null ? null : wrapped.getBytes(),
                identity == null ? null : identity.getBytes());
    }

    private static RecordStatus status(Row r) {
        return new RecordStatus(RecordState.valueOf(r.getString(1)), instant(r.getOffsetDateTime(2)),
                instant(r.getOffsetDateTime(3)), instant(r.getOffsetDateTime(4)), instant(r.getOffsetDateTime(5)));
    }

    private static Optional<Instant> instant(OffsetDateTime t) {
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
