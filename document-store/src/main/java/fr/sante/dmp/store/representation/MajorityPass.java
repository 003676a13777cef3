package fr.sante.dmp.store.representation;

import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.patient.Contact;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The scheduler's pass at majority (Code civil 388): the parental links of people who turned 18 end by themselves, in
 * one transaction per batch with their audit entries (for the person and for each representative, rule
 * {@code representation-majority}, under the scheduler's subject) and their notices in the outbox: the person is told
 * their space is now theirs alone (template {@code majority}, once per person), each representative that their access
 * ended (template {@code majority-representative}). Every instance runs it; {@code SKIP LOCKED} shares the links.
 */
public final class MajorityPass {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final Pool pool;
    private final Outbox outbox;
    private final Envelope envelope;
    private final AccessDoor door;
    private final String spaceUrl;

    public MajorityPass(Pool pool, Outbox outbox, Envelope envelope, AccessDoor door, String spaceUrl) {
        this.pool = pool;
        this.outbox = outbox;
        this.envelope = envelope;
        this.door = door;
        this.spaceUrl = spaceUrl;
    }

    /** One batch at {@code now}: how many links were taken (to know whether to go on) and ended. */
    public Future<Integer> run(Instant now, int batch) {
        LocalDate bornBy = LocalDate.ofInstant(now, PARIS).minusYears(door.consent().representatives().majorityAge());
        return pool.withTransaction(tx -> tx.preparedQuery(RepresentationSql.DUE_AT_MAJORITY_WITH_PEOPLE)
                .execute(Tuple.of(bornBy, batch)).compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(0);
                    }
                    List<UUID> ids = new ArrayList<>();
                    List<AuditEvent> events = new ArrayList<>();
                    List<Future<?>> notices = new ArrayList<>();
                    for (Row r : rows) {
                        UUID link = r.getUUID("id");
                        ids.add(link);
                        for (String hash : new String[] {"p_hash", "rep_hash"}) {
                            events.add(new AuditEvent(now, AuditEvent.OPERATOR, PgRepresentations.SCHEDULER, null,
                                    RepresentationKind.PARENTAL_AUTHORITY.name(), AuditAction.END_REPRESENTATION,
                                    r.getBuffer(hash).getBytes(), null, RuleId.REPRESENTATION_MAJORITY.id(), true,
                                    false, null));
                        }
                        notices.add(notify(tx, r, "p", "majority", Map.of("spaceUrl", spaceUrl),
                                "majority:" + r.getUUID("p_id")));
                        notices.add(notify(tx, r, "rep", "majority-representative",
                                Map.of("when", LocalDate.ofInstant(now, PARIS).toString()),
                                "majority-representative:" + link));
                    }
                    return Future.all(notices)
                            .compose(v -> tx.preparedQuery(RepresentationSql.END_AT_MAJORITY)
                                    .execute(Tuple.of(ids.toArray(UUID[]::new), OffsetDateTime.ofInstant(now,
                                            ZoneOffset.UTC), PgRepresentations.SCHEDULER)))
                            .compose(v -> door.record(tx, events)).map(seq -> ids.size());
                }));
    }

    /** A notice to one side of the link ({@code p} the person, {@code rep} the representative), if they have a contact. */
    private Future<?> notify(SqlConnection tx, Row r, String side, String template, Map<String, String> params,
                             String key) {
        Buffer wrapped = r.getBuffer(side + "_key");
        Buffer identity = r.getBuffer(side + "_identity");
        UUID recordId = r.getUUID(side + "_id");
        Contact contact = Contact.open(envelope, recordId, wrapped == null ? null : wrapped.getBytes(),
                identity == null ? null : identity.getBytes());
        Optional<Contact.Address> to = contact.address(fr.sante.dmp.notify.outbox.Channel.SMS);
        if (to.isEmpty()) {
            return Future.succeededFuture();
        }
        Language language = "en".equals(r.getString(side + "_language")) ? Language.en : Language.fr;
        return outbox.enqueue(tx, new OutboundMessage(to.get().channel(), to.get().to(), template, language, params,
                key, MessageKind.MAJORITY, null, null));
    }
}
