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
 * {@code representation-majority}, under the scheduler's subject) and their messages in the outbox. A person whose
 * record is open (or closed) is told their space is now theirs alone (template {@code majority}, once per person); a
 * person whose record is still INVITED (the invitation may have reached a parent) gets an invitation of their own, by
 * the ordinary path and with a new window ({@link OwnInvitation}, audited {@code ISSUE_INVITATION_CODE}, rule
 * {@code majority-invitation}); each representative is told their access ended (template
 * {@code majority-representative}). Every instance runs it; {@code SKIP LOCKED} shares the links.
 */
public final class MajorityPass {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final Pool pool;
    private final Outbox outbox;
    private final Envelope envelope;
    private final AccessDoor door;
    private final String spaceUrl;
    private final OwnInvitation invitation;

    /** Invites a person still INVITED at majority, in the pass's transaction (the invitation package does it). */
    @FunctionalInterface
    public interface OwnInvitation {
        /**
         * Invites the person of {@code recordId} if their record is still INVITED and they can be written to, as part
         * of the campaign {@code campaignId} (created by the first call of a batch); true if invited.
         */
        Future<Boolean> invite(SqlConnection tx, UUID campaignId, UUID recordId, Instant now);
    }

    public static final String RULE_MAJORITY_INVITATION = "majority-invitation";

    public MajorityPass(Pool pool, Outbox outbox, Envelope envelope, AccessDoor door, String spaceUrl,
                        OwnInvitation invitation) {
        this.invitation = invitation;
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
                    java.util.Set<UUID> people = new java.util.HashSet<>();
                    Future<Void> invited = Future.succeededFuture();
                    UUID campaign = UUID.randomUUID();
                    for (Row r : rows) {
                        UUID link = r.getUUID("id");
                        ids.add(link);
                        for (String hash : new String[] {"p_hash", "rep_hash"}) {
                            events.add(new AuditEvent(now, AuditEvent.OPERATOR, PgRepresentations.SCHEDULER, null,
                                    RepresentationKind.PARENTAL_AUTHORITY.name(), AuditAction.END_REPRESENTATION,
                                    r.getBuffer(hash).getBytes(), null, RuleId.REPRESENTATION_MAJORITY.id(), true,
                                    false, null));
                        }
                        UUID person = r.getUUID("p_id");
                        boolean first = people.add(person); // two holders: the person's message and entry once
                        if (first && "INVITED".equals(r.getString("p_state"))) {
                            byte[] hash = r.getBuffer("p_hash").getBytes();
                            // In turn: the campaign row is created by the first invitation of the batch.
                            invited = invited.compose(v -> invitation.invite(tx, campaign, person, now)
                                    .map(done -> {
                                        if (done) {
                                            events.add(new AuditEvent(now, AuditEvent.OPERATOR,
                                                    PgRepresentations.SCHEDULER, null, null,
                                                    AuditAction.ISSUE_INVITATION_CODE, hash, null,
                                                    RULE_MAJORITY_INVITATION, true, false, null));
                                        }
                                        return null;
                                    }));
                        } else if (first) {
                            notices.add(notify(tx, r, "p", "majority", Map.of("spaceUrl", spaceUrl),
                                    "majority:" + person));
                        }
                        notices.add(notify(tx, r, "rep", "majority-representative",
                                Map.of("when", LocalDate.ofInstant(now, PARIS).toString()),
                                "majority-representative:" + link));
                    }
                    notices.add(invited);
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
