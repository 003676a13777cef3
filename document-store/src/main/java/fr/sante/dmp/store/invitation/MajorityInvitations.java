package fr.sante.dmp.store.invitation;

import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import fr.sante.dmp.store.representation.MajorityPass;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * A person whose record is still INVITED when they come of age gets an invitation of their own, by the ordinary path
 * (issue 16): a new invitation code, the invitation template by their phone and e-mail (by letter with neither), the
 * window reset so that it opens when this invitation is sent (the scheduler's send-time job, 42 days from then), the
 * reminder and the activation at the deadline as for anyone. Until then a parent may have received the invitation of
 * a child: the person now decides alone. The invitation belongs to a campaign of the scheduler's own ({@code
 * operator = scheduler}, one per majority batch), so that its progress is followed like any other.
 */
final class MajorityInvitations implements MajorityPass.OwnInvitation {
    static final String OPERATOR = "scheduler";

    private final Outbox outbox;
    private final Envelope envelope;
    private final InvitationCodes codes;
    private final AccessDoor door;
    private final InvitationOptions options;

    MajorityInvitations(Outbox outbox, Envelope envelope, InvitationCodes codes, AccessDoor door,
                        InvitationOptions options) {
        this.outbox = outbox;
        this.envelope = envelope;
        this.codes = codes;
        this.door = door;
        this.options = options;
    }

    @Override
    public Future<Boolean> invite(SqlConnection tx, UUID campaignId, UUID recordId, Instant now) {
        return tx.preparedQuery(InvitationSql.INVITED_AT_MAJORITY).execute(Tuple.of(recordId)).compose(rows -> {
            if (rows.size() == 0) { // no longer INVITED (opposed or activated meanwhile): nothing to invite
                return Future.succeededFuture(false);
            }
            Row r = rows.iterator().next();
            Contact contact = Contact.open(envelope, recordId, bytes(r.getBuffer("wrapped_key")),
                    bytes(r.getBuffer("identity")));
            Map<Channel, String> to = new EnumMap<>(Channel.class);
            contact.phone().ifPresent(p -> to.put(Channel.SMS, p));
            contact.email().ifPresent(e -> to.put(Channel.EMAIL, e));
            if (to.isEmpty()) {
                contact.postalAddress().ifPresent(a -> to.put(Channel.LETTER, a));
            }
            if (to.isEmpty()) { // nowhere to write: the record and its window stay as they are
                return Future.succeededFuture(false);
            }
            Language language = Language.valueOf(r.getString("language"));
            String announced = ImportBatch.parisDate(now.plus(door.consent().invitations().oppositionWindow()))
                    .toString();
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            return tx.preparedQuery(InvitationSql.MAJORITY_CAMPAIGN).execute(Tuple.of(campaignId, OPERATOR, at))
                    .compose(v -> codes.issue(tx, recordId))
                    .compose(code -> {
                        Map<Channel, Future<UUID>> sent = new EnumMap<>(Channel.class);
                        to.forEach((channel, address) -> sent.put(channel, outbox.enqueue(tx, new OutboundMessage(
                                channel, address, "invitation", language, Map.of("deadline", announced,
                                "oppositionUrl", options.oppositionUrl(), "code", code),
                                "majority-invitation:" + recordId + ":" + channel.name().toLowerCase(
                                        java.util.Locale.ROOT), MessageKind.INVITATION, null,
                                Campaigns.groupKey(campaignId)))));
                        return Future.all(new java.util.ArrayList<>(sent.values())).map(all -> sent);
                    })
                    .compose(sent -> tx.preparedQuery(InvitationSql.OWN_INVITATION).execute(Tuple.from(new Object[] {
                            recordId, campaignId, id(sent, Channel.SMS), id(sent, Channel.EMAIL),
                            id(sent, Channel.LETTER), at, contact.postalAddress().isPresent()})))
                    .compose(v -> tx.preparedQuery(InvitationSql.WINDOW_RESET).execute(Tuple.of(recordId, at)))
                    .map(v -> true);
        });
    }

    private static UUID id(Map<Channel, Future<UUID>> sent, Channel c) {
        Future<UUID> f = sent.get(c);
        return f == null ? null : f.result();
    }

    private static byte[] bytes(Buffer b) {
        return b == null ? null : b.getBytes();
    }
}
