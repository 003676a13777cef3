package fr.sante.dmp.store.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the head of the chain when it moved since the last checkpoint: at start-up and every checkpoint interval. The
 * head row is read without a lock (one row, always consistent) and the insert ignores a position already signed, so
 * several instances doing this at once are harmless.
 */
public final class HeadCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(HeadCheckpoints.class);
    private static final String HEAD_AND_LAST = "SELECT h.seq, h.hash, "
            + "(SELECT coalesce(max(seq), 0) FROM audit_checkpoint) AS last FROM audit_head h WHERE h.id";

    private final Pool pool;
    private final CheckpointKeys keys;
    private final int every;
    private final Clock clock;

    public HeadCheckpoints(Pool pool, AuditOptions options, Clock clock) {
        this.pool = pool;
        this.keys = CheckpointKeys.from(options);
        this.every = options.checkpointEvery();
        this.clock = clock;
    }

    /** Signs the head if it is not signed yet; completes with the position signed, or empty. */
    public Future<Optional<Long>> signHead() {
        if (!keys.signs()) {
            return Future.succeededFuture(Optional.empty());
        }
        return pool.preparedQuery(HEAD_AND_LAST).execute().compose(rows -> {
            Row h = rows.iterator().next();
            long seq = h.getLong("seq");
            if (seq == 0 || seq <= h.getLong("last")) {
                return Future.succeededFuture(Optional.<Long>empty());
            }
            Checkpoint c = new Checkpoint(seq, h.getBuffer("hash").getBytes(), clock.instant(), every);
            return pool.preparedQuery(AuditLog.INSERT_CHECKPOINT).execute(AuditLog.checkpoint(keys, c))
                    .map(done -> Optional.of(seq));
        });
    }

    /** Signs the head every {@code interval} when it moved; returns the timer id (-1: not signing or no interval). */
    public long schedule(Vertx vertx, java.time.Duration interval) {
        if (!keys.signs() || interval.isZero()) {
            return -1;
        }
        return vertx.setPeriodic(interval.toMillis(), id -> signHead()
                .onFailure(e -> LOG.warn("periodic audit checkpoint failed: {}", e.getMessage())));
    }
}
