package fr.sante.dmp.store.alert;

import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.patient.Contact;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of the feed, in one transaction: lock the cursor, fix the batch's end, decide its alerts in SQL, enqueue
 * them, move the cursor. A crash anywhere rolls all of it back and the next pass redoes the batch; each message's
 * idempotency key is the audit seq it answers, so even a redo (or a cursor moved back by hand) enqueues nothing twice.
 */
final class AlertBatch {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBatch.class);

    /** The professional actions that are accesses to the record (deposits are announced as new documents). */
    static final String[] ACCESS_ACTIONS = {AuditAction.LIST_DOCUMENTS.name(), AuditAction.READ_DOCUMENT.name(),
            AuditAction.READ_CARE_HISTORY.name(), AuditAction.READ_DIRECTIVES.name(),
            AuditAction.FIND_PATIENT.name()};

    /**
     * @param taken  entries the cursor moved past
     * @param alerts alerts enqueued
     * @param busy   another instance holds the cursor: nothing was done
     */
    record Result(long taken, long alerts, boolean busy) {
        static final Result BUSY = new Result(0, 0, true);
        static final Result EMPTY = new Result(0, 0, false);
    }

    private final Pool pool;
    private final Outbox outbox;
    private final Envelope envelope;
    private final AlertOptions options;

    AlertBatch(Pool pool, Outbox outbox, Envelope envelope, AlertOptions options) {
        this.pool = pool;
        this.outbox = outbox;
        this.envelope = envelope;
        this.options = options;
    }

    Future<Result> run() {
        return pool.withTransaction(tx -> tx.preparedQuery(AlertSql.LOCK_CURSOR).execute().compose(cursor -> {
            if (cursor.size() == 0) {
                return Future.succeededFuture(Result.BUSY);
            }
            long after = cursor.iterator().next().getLong(0);
            return tx.preparedQuery(AlertSql.BATCH_END).execute(Tuple.of(after, options.batch())).compose(end -> {
                Row e = end.iterator().next();
                long taken = e.getLong(0);
                if (taken == 0) {
                    return Future.succeededFuture(Result.EMPTY);
                }
                long last = e.getLong(1);
                return tx.preparedQuery(AlertSql.DECIDE)
                        .execute(Tuple.of(after, last, ACCESS_ACTIONS, AuditAction.DEPOSIT.name(),
                                AuditAction.RELEASE_DOCUMENT.name(), AuditAction.OPEN_CARE_CONTEXT.name()))
                        .compose(alerts -> enqueue(tx, alerts))
                        .compose(sent -> tx.preparedQuery(AlertSql.MOVE_CURSOR).execute(Tuple.of(last))
                                .map(v -> new Result(taken, sent, false)));
            });
        }));
    }

    private Future<Long> enqueue(SqlClient tx, RowSet<Row> alerts) {
        List<Future<Boolean>> sent = new ArrayList<>(alerts.size());
        for (Row r : alerts) {
            OutboundMessage m = message(r);
            if (m != null) {
                sent.add(outbox.enqueue(tx, m).map(id -> true).recover(e -> {
                    if (e instanceof IllegalArgumentException) {
                        // A contact or profession the outbox refuses: skipped, not retried forever. The message names
                        // the field only, never the value.
                        LOG.atWarn().addKeyValue("seq", r.getLong(0)).addKeyValue("error", e.getMessage())
                                .log("alert skipped");
                        return Future.succeededFuture(false);
                    }
                    return Future.failedFuture(e);
                }));
            }
        }
        return Future.all(sent).map(all -> sent.stream().filter(Future::result).count());
    }

    /** The alert of one decided row, by the chosen channel when the record holds it, else the other; none without. */
    private OutboundMessage message(Row r) {
        Buffer wrapped = r.getBuffer(4);
        Buffer identity = r.getBuffer(5);
        Optional<Contact.Address> address = Contact.open(envelope, r.getUUID(3),
                wrapped == null ? null : wrapped.getBytes(), identity == null ? null : identity.getBytes())
                .address("EMAIL".equals(r.getString(7)) ? Channel.EMAIL : Channel.SMS);
        if (address.isEmpty()) {
            return null;
        }
        String template = r.getString(2);
        boolean newDocument = "new-document".equals(template);
        return new OutboundMessage(address.get().channel(), address.get().to(), template,
                "en".equals(r.getString(6)) ? Language.en : Language.fr,
                Map.of("when", r.getOffsetDateTime(1).toInstant().toString(), "spaceUrl", options.spaceUrl()),
                template + ":" + r.getLong(0), newDocument ? MessageKind.NEW_DOCUMENT : MessageKind.ACCESS);
    }
}
