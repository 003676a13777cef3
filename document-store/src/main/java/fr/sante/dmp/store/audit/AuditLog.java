package fr.sante.dmp.store.audit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Appends entries to the chain inside the caller's transaction. The head row is locked FOR UPDATE first: appends from
 * every gateway instance are serialized there, and the lock is held only until the caller commits, so callers append
 * last, just before committing. With a signing key, every entry whose position is a multiple of the checkpoint spacing
 * is signed in the same transaction ({@link Checkpoint}): a checkpoint exists exactly when its entry does. The one
 * exception to the transaction is {@link #appendIfHead}, the group-commit appender's single statement, which takes the
 * same row lock itself and writes only if the head is still the one it expects.
 */
public final class AuditLog {
    static final String COLUMNS =
            "seq, at, actor_kind, actor_id, profession, category, action, ins_hash, document_id, rule_id, allowed, "
                    + "break_glass, reason, prev_hash, hash";
    private static final String LOCK_HEAD = "SELECT seq, hash FROM audit_head WHERE id FOR UPDATE";
    private static final String INSERT = "INSERT INTO audit_log (" + COLUMNS + ") "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
    private static final String MOVE_HEAD = "UPDATE audit_head SET seq = $1, hash = $2 WHERE id";
    /**
     * A batch as one statement ({@link ChainedBatch}): one executor run and one Bind/Execute for the whole batch
     * instead of one per row, and the head moves in the same statement.
     */
    private static final String INSERT_MANY = "WITH moved AS (UPDATE audit_head SET seq = $16, hash = $17 WHERE id) "
            + "INSERT INTO audit_log (" + COLUMNS + ") SELECT * FROM " + ChainedBatch.UNNEST;
    /**
     * The same, in a statement of its own (no BEGIN, lock or COMMIT), provided the head is still the one the caller
     * expects ($18, $19): the UPDATE takes the head's row lock, and if another writer moved the head meanwhile it
     * matches no row (PostgreSQL re-checks the condition on the row version it waited for), so nothing is inserted.
     */
    private static final String INSERT_IF_HEAD = "WITH moved AS (UPDATE audit_head SET seq = $16, hash = $17 "
            + "WHERE id AND seq = $18 AND hash = $19 RETURNING seq) "
            + "INSERT INTO audit_log (" + COLUMNS + ") SELECT u.* FROM moved, " + ChainedBatch.UNNEST + " AS u";
    static final String INSERT_CHECKPOINT = "INSERT INTO audit_checkpoint (seq, hash, at, every_entries, key_id, "
            + "signature) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (seq) DO NOTHING";

    private final CheckpointKeys keys;
    private final int every;
    private final AuditChain chain;
    private final AuditAlarm alarm;

    /** A log that signs no checkpoints, chained with the public key (tests and tools of other features). */
    public AuditLog() {
        this(AuditOptions.unsigned());
    }

    public AuditLog(AuditOptions options) {
        this(options, new AuditAlarm());
    }

    public AuditLog(AuditOptions options, AuditAlarm alarm) {
        this(CheckpointKeys.from(options), options.checkpointEvery(), new AuditChain(options.chainKey()), alarm);
    }

    AuditLog(CheckpointKeys keys, int every, AuditChain chain, AuditAlarm alarm) {
        this.keys = keys;
        this.every = every;
        this.chain = chain;
        this.alarm = alarm;
    }

    /** Appends the entries in order, within {@code tx}; completes with the sequence number of the last one. */
    public Future<Long> append(SqlConnection tx, List<AuditEvent> events) {
        return lockHead(tx).compose(head -> append(tx, head, events));
    }

    /**
     * Locks the chain's head FOR UPDATE until the caller's transaction ends. Queued behind whatever the caller already
     * sent on {@code tx}: a caller pipelines its own writes first so that the lock is taken as late as possible.
     */
    public Future<Head> lockHead(SqlConnection tx) {
        return tx.preparedQuery(LOCK_HEAD).execute().map(rows -> {
            Row h = rows.iterator().next();
            return new Head(h.getLong(0), h.getBuffer(1).getBytes());
        });
    }

    /**
     * Appends after {@link #lockHead}; completes with the sequence number of the last entry once every statement of
     * the append answered. A caller that queues its COMMIT without waiting for that uses {@link #queue}.
     */
    public Future<Long> append(SqlConnection tx, Head head, List<AuditEvent> events) {
        return queue(tx, head, events).compose(appended -> appended);
    }

    /**
     * Queues the append after {@link #lockHead}: the entries, the head move and any due checkpoint go on {@code tx}
     * without waiting for one another, so a caller may queue its COMMIT right behind them (one round trip while the
     * head is locked). The returned future completes once they are all queued (at once, unless a checkpoint falls in
     * the batch: then first the entries since the last checkpoint are read and checked, one round trip every
     * {@code every} entries); its value, the append itself, completes with the sequence number of the last entry.
     */
    public Future<Future<Long>> queue(SqlConnection tx, Head head, List<AuditEvent> events) {
        return queueAfter(tx, head, events).map(appended -> appended.map(Head::seq));
    }

    /** {@link #append(SqlConnection, Head, List)}, completing with the new head. */
    Future<Head> appendAfter(SqlConnection tx, Head head, List<AuditEvent> events) {
        return queueAfter(tx, head, events).compose(appended -> appended);
    }

    /**
     * Before a checkpoint is signed in the batch, the stored entries since the last one are checked ({@link TailCheck}):
     * when they are broken, the batch is appended without its checkpoint and the alarm is raised. The entries of the
     * batch itself are chained here, in Java, from the locked head.
     */
    private Future<Future<Head>> queueAfter(SqlConnection tx, Head head, List<AuditEvent> events) {
        if (!ChainedBatch.checkpointDue(keys, every, head, events.size())) {
            return queued(tx, head, events, false);
        }
        return TailCheck.check(tx, chain, keys, every, head).compose(broken -> {
            broken.ifPresent(at -> alarm.refused(at, head.seq(), AuditAlarm.Where.POSITION));
            return queued(tx, head, events, broken.isEmpty());
        });
    }

    /**
     * Chains the entries, signs the checkpoints due among them ({@code sign}: one is due and the tail held), then
     * queues every statement at once. Completes once they are queued: at once, unless an HSM signs (a worker thread).
     */
    private Future<Future<Head>> queued(SqlConnection tx, Head head, List<AuditEvent> events, boolean sign) {
        if (events.size() > 1) {
            ChainedBatch batch = ChainedBatch.of(chain, sign ? keys : CheckpointKeys.NONE, every, head, events);
            if (batch.checkpoints.isEmpty()) {
                return Future.succeededFuture(queueMany(tx, batch, List.of()));
            }
            return signed(batch.checkpoints).map(checkpoints -> queueMany(tx, batch, checkpoints));
        }
        long seq = head.seq();
        byte[] prev = head.hash();
        List<Tuple> rows = new ArrayList<>(events.size());
        List<Checkpoint> due = new ArrayList<>(1);
        for (AuditEvent e : events) {
            seq++;
            byte[] hash = chain.hash(prev, seq, e);
            rows.add(tuple(seq, e, prev, hash));
            if (sign && keys.signs() && seq % every == 0) {
                due.add(new Checkpoint(seq, hash, e.at(), every));
            }
            prev = hash;
        }
        Head last = new Head(seq, prev);
        if (due.isEmpty()) {
            return Future.succeededFuture(queueRows(tx, rows, last, List.of()));
        }
        return signed(due).map(checkpoints -> queueRows(tx, rows, last, checkpoints));
    }

    private static Future<Head> queueMany(SqlConnection tx, ChainedBatch batch, List<Tuple> checkpoints) {
        Future<?> insert = tx.preparedQuery(INSERT_MANY)
                .execute(batch.args(batch.last.seq(), Buffer.buffer(batch.last.hash())));
        return withCheckpoints(tx, insert, checkpoints).map(batch.last);
    }

    private static Future<Head> queueRows(SqlConnection tx, List<Tuple> rows, Head last, List<Tuple> checkpoints) {
        // All statements are pipelined on the transaction's connection: one round trip.
        Future<?> insert = rows.size() == 1
                ? tx.preparedQuery(INSERT).execute(rows.get(0))
                : tx.preparedQuery(INSERT).executeBatch(rows);
        Future<?> move = tx.preparedQuery(MOVE_HEAD).execute(Tuple.of(last.seq(), Buffer.buffer(last.hash())));
        return withCheckpoints(tx, Future.all(insert, move), checkpoints).map(last);
    }

    /**
     * The due checkpoints, signed: by an in-memory key right here (tens of microseconds), by an HSM on a worker thread
     * of the current context (a call into the module, maybe over a network, must not hold an event loop). A signature
     * that fails fails the append, and with it the access being audited: nothing is served unaudited.
     */
    private Future<List<Tuple>> signed(List<Checkpoint> due) {
        return CheckpointKeys.offLoop(keys, () -> {
            List<Tuple> out = new ArrayList<>(due.size());
            for (Checkpoint c : due) {
                out.add(checkpoint(keys, c));
            }
            return out;
        });
    }

    /**
     * Appends the entries after {@code expected} in one statement outside any transaction, if the chain's head is still
     * {@code expected}; completes with the new head, or empty when nothing was written: the head had moved, or a
     * checkpoint falls in the batch (its signature goes in by {@link #appendAfter} in a transaction).
     */
    Future<Optional<Head>> appendIfHead(SqlClient client, Head expected, List<AuditEvent> events) {
        if (ChainedBatch.checkpointDue(keys, every, expected, events.size())) {
            return Future.succeededFuture(Optional.empty());
        }
        ChainedBatch batch = ChainedBatch.of(chain, keys, every, expected, events);
        Tuple args = batch.args(batch.last.seq(), Buffer.buffer(batch.last.hash()), expected.seq(),
                Buffer.buffer(expected.hash()));
        return client.preparedQuery(INSERT_IF_HEAD).execute(args)
                .map(rows -> rows.rowCount() == events.size() ? Optional.of(batch.last) : Optional.empty());
    }

    /** Queues the due checkpoints behind {@code appended}, on the same connection (no extra round trip). */
    private static Future<?> withCheckpoints(SqlConnection tx, Future<?> appended, List<Tuple> checkpoints) {
        if (checkpoints.isEmpty()) {
            return appended;
        }
        Future<?> signed = checkpoints.size() == 1
                ? tx.preparedQuery(INSERT_CHECKPOINT).execute(checkpoints.get(0))
                : tx.preparedQuery(INSERT_CHECKPOINT).executeBatch(checkpoints);
        return Future.all(appended, signed);
    }

    public Future<Long> append(SqlConnection tx, AuditEvent event) {
        return append(tx, List.of(event));
    }

    static Tuple checkpoint(CheckpointKeys keys, Checkpoint c) {
        return checkpoint(c, keys.keyId(), keys.sign(c));
    }

    static Tuple checkpoint(Checkpoint c, byte[] keyId, byte[] signature) {
        return Tuple.of(c.seq(), Buffer.buffer(c.hash()), OffsetDateTime.ofInstant(c.at(), ZoneOffset.UTC), c.every(),
                Buffer.buffer(keyId), Buffer.buffer(signature));
    }

    /** The chain's head as locked: the last entry's sequence number and hash. */
    public record Head(long seq, byte[] hash) {
    }

    private static Tuple tuple(long seq, AuditEvent e, byte[] prev, byte[] hash) {
        return Tuple.from(new Object[] {
            seq,
            OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC),
            e.actorKind(),
            e.actorId(),
            e.profession(),
            e.category(),
            e.action().name(),
            e.insHash() == null ? null : Buffer.buffer(e.insHash()),
            e.documentId(),
            e.ruleId(),
            e.allowed(),
            e.breakGlass(),
            e.reason() == null ? null : Buffer.buffer(e.reason()),
            Buffer.buffer(prev),
            Buffer.buffer(hash)
        });
    }

    /** Reads a stored row back as the event it was appended from (for verification and history). */
    static AuditEvent event(Row r) {
        Buffer ins = r.getBuffer("ins_hash");
        Buffer reason = r.getBuffer("reason");
        return new AuditEvent(
                r.getOffsetDateTime("at").toInstant(),
                r.getString("actor_kind"),
                r.getString("actor_id"),
                r.getString("profession"),
                r.getString("category"),
                AuditAction.valueOf(r.getString("action")),
                ins == null ? null : ins.getBytes(),
                r.getUUID("document_id"),
                r.getString("rule_id"),
                r.getBoolean("allowed"),
                r.getBoolean("break_glass"),
                reason == null ? null : reason.getBytes());
    }
}
