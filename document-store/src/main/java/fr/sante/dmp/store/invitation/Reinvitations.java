package fr.sante.dmp.store.invitation;

import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.InvitationCodes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./dmp campaign reinvite ID --failed}: the invitations of a campaign that reached nobody (every message FAILED
 * or DEAD, so the window never opened) are sent again, with a new invitation code (only its keyed hash is stored), to
 * every address the person gave, as the first invitation: R1111-28 asks that the person be informed, and with SMS and
 * e-mail both tried first there is no other channel left to try (the postal letter, issue 19 item 3, is not built).
 * The new messages replace the failed ones on the invitation, so the send time, the window and the progress follow
 * them. In batches, each in its own transaction ({@code SKIP LOCKED}: two operators never re-invite the same person).
 */
final class Reinvitations {
    private final Pool pool;
    private final Outbox outbox;
    private final Envelope envelope;
    private final InvitationCodes codes;
    private final AccessDoor door;
    private final InvitationOptions options;
    private final Clock clock;

    Reinvitations(Pool pool, Outbox outbox, Envelope envelope, InvitationCodes codes, AccessDoor door,
                  InvitationOptions options, Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.envelope = envelope;
        this.codes = codes;
        this.door = door;
        this.options = options;
        this.clock = clock;
    }

    /** Re-invites every failed invitation of the campaign; the number of persons re-invited. */
    Future<Long> failed(UUID campaignId) {
        return batch(campaignId).compose(n -> n == 0 ? Future.succeededFuture(0L)
                : failed(campaignId).map(rest -> n + rest));
    }

    private Future<Long> batch(UUID campaignId) {
        return pool.withTransaction(tx -> tx.preparedQuery(InvitationSql.FAILED_INVITATIONS)
                .execute(Tuple.of(campaignId, options.schedulerBatch()))
                .compose(rows -> {
                    List<Future<?>> done = new ArrayList<>();
                    for (Row r : rows) {
                        done.add(reinvite(tx, campaignId, r));
                    }
                    return Future.all(done).map(v -> (long) rows.size());
                }));
    }

    private Future<?> reinvite(SqlConnection tx, UUID campaignId, Row r) {
        UUID recordId = r.getUUID(0);
        Contact contact = Contact.open(envelope, recordId, bytes(r.getBuffer(1)), bytes(r.getBuffer(2)));
        Language language = Language.valueOf(r.getString(3));
        UUID failedSms = r.getUUID(4);
        UUID failedEmail = r.getUUID(5);
        // The same announced date as an import today: the real deadline counts from the new send, later still.
        String announced = ImportBatch.parisDate(clock.instant()
                .plus(door.consent().invitations().oppositionWindow())).toString();
        String group = Campaigns.groupKey(campaignId);
        return codes.issue(tx, recordId).compose(code -> {
            Map<String, String> params = Map.of("deadline", announced, "oppositionUrl", options.oppositionUrl(),
                    "code", code);
            Future<UUID> sms = contact.phone().isEmpty() ? Future.succeededFuture(null)
                    : outbox.enqueue(tx, new OutboundMessage(Channel.SMS, contact.phone().get(), "invitation",
                            language, params, Campaigns.reinvitationKey(failedSms == null ? recordId : failedSms,
                            Channel.SMS), MessageKind.INVITATION, null, group));
            Future<UUID> email = contact.email().isEmpty() ? Future.succeededFuture(null)
                    : outbox.enqueue(tx, new OutboundMessage(Channel.EMAIL, contact.email().get(), "invitation",
                            language, params, Campaigns.reinvitationKey(failedEmail == null ? recordId : failedEmail,
                            Channel.EMAIL), MessageKind.INVITATION, null, group));
            return Future.all(sms, email).compose(v -> tx.preparedQuery(InvitationSql.REINVITED)
                    .execute(Tuple.of(recordId, sms.result() == null ? failedSms : sms.result(),
                            email.result() == null ? failedEmail : email.result())));
        });
    }

    private static byte[] bytes(Buffer b) {
        return b == null ? null : b.getBytes();
    }
}
