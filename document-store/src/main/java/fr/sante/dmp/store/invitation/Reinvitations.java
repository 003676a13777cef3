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
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Invitations that reached nobody (every message FAILED or DEAD, so the window never opened) are sent again, with a
 * new invitation code (only its keyed hash is stored). R1111-28 asks that the person be informed, so the new attempt
 * goes <b>by another channel when the person has one</b>: a channel of theirs not tried yet (in practice the postal
 * letter, since the first invitation already went to the phone and the e-mail given); with none left untried, by every
 * channel they have again. The letter is the last resort: people with a phone or an e-mail get it only after those
 * failed. Two callers:
 * <ul>
 *   <li>{@code ./dmp campaign reinvite ID --failed} ({@link #failed}): one campaign, every failed invitation;</li>
 *   <li>the scheduler ({@link #letterFallback}), every pass: failed invitations of persons with a postal address who
 *   were not written to yet get their letter without waiting for an operator.</li>
 * </ul>
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
        return batch(InvitationSql.FAILED_INVITATIONS, Tuple.of(campaignId, options.schedulerBatch()), false)
                .compose(n -> n == 0 ? Future.succeededFuture(0L) : failed(campaignId).map(rest -> n + rest));
    }

    /** One batch of the letter fallback (all campaigns): how many rows it took. */
    Future<Long> letterFallback() {
        return batch(InvitationSql.LETTER_FALLBACK, Tuple.of(options.schedulerBatch()), true);
    }

    private Future<Long> batch(String sql, Tuple args, boolean lettersOnly) {
        return pool.withTransaction(tx -> tx.preparedQuery(sql).execute(args)
                .compose(rows -> {
                    List<Future<?>> done = new ArrayList<>();
                    for (Row r : rows) {
                        done.add(reinvite(tx, r, lettersOnly));
                    }
                    return Future.all(done).map(v -> (long) rows.size());
                }));
    }

    private Future<?> reinvite(SqlConnection tx, Row r, boolean lettersOnly) {
        UUID recordId = r.getUUID(0);
        Contact contact = Contact.open(envelope, recordId, bytes(r.getBuffer(1)), bytes(r.getBuffer(2)));
        Language language = Language.valueOf(r.getString(3));
        Map<Channel, UUID> tried = new EnumMap<>(Channel.class);
        Map<Channel, String> reachable = new EnumMap<>(Channel.class);
        contact.phone().ifPresent(p -> reachable.put(Channel.SMS, p));
        contact.email().ifPresent(e -> reachable.put(Channel.EMAIL, e));
        contact.postalAddress().ifPresent(a -> reachable.put(Channel.LETTER, a));
        Channel[] columns = {Channel.SMS, Channel.EMAIL, Channel.LETTER};
        for (int i = 0; i < columns.length; i++) {
            UUID id = r.getUUID(4 + i);
            if (id != null) {
                tried.put(columns[i], id);
            }
        }
        UUID campaignId = r.getUUID(7);
        Set<Channel> chosen = EnumSet.noneOf(Channel.class);
        for (Channel c : reachable.keySet()) {
            if (!tried.containsKey(c) && (!lettersOnly || c == Channel.LETTER)) {
                chosen.add(c);
            }
        }
        if (chosen.isEmpty() && !lettersOnly) {
            chosen.addAll(reachable.keySet());
        }
        if (chosen.isEmpty()) {
            return Future.succeededFuture();
        }
        // The same announced date as an import today: the real deadline counts from the new send, later still.
        String announced = ImportBatch.parisDate(clock.instant()
                .plus(door.consent().invitations().oppositionWindow())).toString();
        String group = Campaigns.groupKey(campaignId);
        return codes.issue(tx, recordId).compose(code -> {
            Map<String, String> params = Map.of("deadline", announced, "oppositionUrl", options.oppositionUrl(),
                    "code", code);
            Map<Channel, Future<UUID>> sent = new EnumMap<>(Channel.class);
            for (Channel c : chosen) {
                UUID replaced = tried.get(c);
                sent.put(c, outbox.enqueue(tx, new OutboundMessage(c, reachable.get(c), "invitation", language,
                        params, Campaigns.reinvitationKey(replaced == null ? recordId : replaced, c),
                        MessageKind.INVITATION, null, group)));
            }
            return Future.all(new ArrayList<>(sent.values())).compose(v -> {
                Object[] ids = new Object[4];
                ids[0] = recordId;
                for (int i = 0; i < columns.length; i++) {
                    Future<UUID> f = sent.get(columns[i]);
                    ids[1 + i] = f != null ? f.result() : tried.get(columns[i]);
                }
                return tx.preparedQuery(InvitationSql.REINVITED).execute(Tuple.from(ids));
            });
        });
    }

    private static byte[] bytes(Buffer b) {
        return b == null ? null : b.getBytes();
    }
}
