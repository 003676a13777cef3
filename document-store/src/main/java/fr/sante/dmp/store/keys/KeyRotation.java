package fr.sante.dmp.store.keys;

import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.MasterKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Master-key rotation: re-wraps every patient data key under the current master key, online. Records are walked by id
 * in batches; each batch and the cursor commit together, so an interrupted run resumes after the last committed batch.
 * A key is replaced only if it is still the one read (compare-and-set): a concurrent opposition (key destroyed) or a
 * restore wins. The data keys themselves, and every ciphertext, are unchanged: only the small wrapped keys are
 * rewritten. A key that no held master key opens stops the run (fail closed: the operator must supply that key
 * before the old one is removed).
 */
public final class KeyRotation {
    private static final UUID FIRST = new UUID(0, 0);

    private final Pool pool;
    private final Envelope envelope;
    private final Clock clock;

    public KeyRotation(Pool pool, Envelope envelope, Clock clock) {
        this.pool = pool;
        this.envelope = envelope;
        this.clock = clock;
    }

    /** The public id of the master key this rotation re-wraps under. */
    public int targetKeyId() {
        return envelope.masterKeys().currentId();
    }

    /**
     * Runs (or resumes) the rotation: at most {@code maxBatches} batches of {@code batchSize} records, waiting
     * {@code pauseMillis} between batches to leave the database to live traffic; {@code onBatch} sees the progress
     * after each committed batch. Completes with the progress; {@code finished()} and {@code remaining() == 0} when
     * every data key is under the target.
     */
    public Future<RotationProgress> run(int batchSize, long maxBatches, long pauseMillis,
                                        Consumer<RotationProgress> onBatch) {
        if (batchSize < 1 || maxBatches < 1) {
            return Future.failedFuture(new IllegalArgumentException("batch size and batches must be positive"));
        }
        int target = targetKeyId();
        OffsetDateTime now = now();
        return pool.preparedQuery(KeyRotationSql.START).execute(Tuple.of(target, now))
                .compose(started -> pool.preparedQuery(KeyRotationSql.COUNT_KEYS).execute())
                .compose(count -> {
                    Run run = new Run(target, count.iterator().next().getLong(0), batchSize, pauseMillis, onBatch);
                    return batch(run, maxBatches);
                });
    }

    private Future<RotationProgress> batch(Run run, long batchesLeft) {
        return pool.withTransaction(tx -> rewrapBatch(tx, run)).compose(done -> {
            RotationProgress p = run.progress(done, 0);
            if (done) {
                return finish(run);
            }
            run.onBatch.accept(p);
            if (batchesLeft <= 1) {
                return Future.succeededFuture(p);
            }
            return pause(run.pauseMillis).compose(v -> batch(run, batchesLeft - 1));
        });
    }

    /** One batch in {@code tx}: true when the walk has reached the end. */
    private Future<Boolean> rewrapBatch(SqlConnection tx, Run run) {
        return tx.preparedQuery(KeyRotationSql.LOCK_CURSOR).execute(Tuple.of(run.target)).compose(cursorRows -> {
            Row c = cursorRows.iterator().next();
            UUID cursor = c.getUUID("cursor_id") == null ? FIRST : c.getUUID("cursor_id");
            run.rewrapped = c.getLong("rewrapped");
            run.already = c.getLong("already");
            return tx.preparedQuery(KeyRotationSql.NEXT_KEYS).execute(Tuple.of(cursor, run.batchSize))
                    .compose(rows -> rewrap(tx, run, rows));
        });
    }

    private Future<Boolean> rewrap(SqlConnection tx, Run run, RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Future.succeededFuture(true);
        }
        List<Tuple> updates = new ArrayList<>(rows.size());
        long already = 0;
        UUID last = null;
        for (Row r : rows) {
            UUID id = r.getUUID(0);
            byte[] wrapped = r.getBuffer(1).getBytes();
            last = id;
            if (envelope.wrappedUnderCurrentKey(wrapped)) {
                already++;
            } else {
                updates.add(Tuple.of(id, Buffer.buffer(wrapped), Buffer.buffer(envelope.rewrap(id, wrapped))));
            }
        }
        long skipped = already;
        UUID cursor = last;
        boolean end = rows.size() < run.batchSize;
        Future<Integer> replaced = updates.isEmpty() ? Future.succeededFuture(0) : replace(tx, updates);
        return replaced.compose(n -> {
            run.changed += updates.size() - n;
            return tx.preparedQuery(KeyRotationSql.MOVE_CURSOR)
                    .execute(Tuple.of(run.target, cursor, n, skipped, now()))
                    .map(moved -> {
                        run.rewrapped += n;
                        run.already += skipped;
                        return end;
                    });
        });
    }

    private static Future<Integer> replace(SqlConnection tx, List<Tuple> updates) {
        return tx.preparedQuery(KeyRotationSql.REPLACE_KEY).executeBatch(updates).map(result -> {
            int n = 0;
            for (RowSet<Row> rs = result; rs != null; rs = rs.next()) {
                n += rs.rowCount();
            }
            return n;
        });
    }

    /** Marks the walk finished and counts what is still not under the target (written behind the cursor). */
    private Future<RotationProgress> finish(Run run) {
        Buffer prefix = Buffer.buffer(targetPrefix(run.target));
        return pool.preparedQuery(KeyRotationSql.FINISH).execute(Tuple.of(run.target, now()))
                .compose(v -> pool.preparedQuery(KeyRotationSql.COUNT_NOT_UNDER).execute(Tuple.of(prefix)))
                .map(rows -> {
                    RotationProgress p = run.progress(true, rows.iterator().next().getLong(0));
                    run.onBatch.accept(p);
                    return p;
                });
    }

    /** The first bytes of every key wrapped under {@code target}: format 2, then the id. */
    static byte[] targetPrefix(int target) {
        return java.nio.ByteBuffer.allocate(5).put((byte) 2).putInt(target).array();
    }

    private Future<Void> pause(long millis) {
        if (millis <= 0) {
            return Future.succeededFuture();
        }
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext() == null
                ? null : io.vertx.core.Vertx.currentContext().owner();
        if (vertx == null) {
            return Future.succeededFuture();
        }
        vertx.setTimer(millis, id -> p.complete());
        return p.future();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "KeyRotation[target=" + MasterKeys.hex(targetKeyId()) + "]";
    }

    /** Counters of one run. */
    private static final class Run {
        final int target;
        final long total;
        final int batchSize;
        final long pauseMillis;
        final Consumer<RotationProgress> onBatch;
        long rewrapped;
        long already;
        long changed;

        Run(int target, long total, int batchSize, long pauseMillis, Consumer<RotationProgress> onBatch) {
            this.target = target;
            this.total = total;
            this.batchSize = batchSize;
            this.pauseMillis = pauseMillis;
            this.onBatch = onBatch;
        }

        RotationProgress progress(boolean finished, long remaining) {
            return new RotationProgress(target, total, rewrapped, already, changed, finished, remaining);
        }
    }
}
