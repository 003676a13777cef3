package fr.sante.dmp.store.audit;

import fr.sante.dmp.notify.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the head of the chain when it moved since the last checkpoint: at start-up and every checkpoint interval.
 * Before signing, the entries since the last checkpoint are checked against the keyed chain rule ({@link TailCheck}):
 * a broken chain is not signed, the {@link AuditAlarm} is raised instead. A signed head is also appended to the
 * witness file, outside the database, once its row is committed. The head row is read without a lock (one row,
 * always consistent) and the insert ignores a position already signed, so several instances doing this at once are
 * harmless.
 */
public final class HeadCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(HeadCheckpoints.class);
    private static final String HEAD_AND_LAST = "SELECT h.seq, h.hash, "
            + "(SELECT coalesce(max(seq), 0) FROM audit_checkpoint) AS last FROM audit_head h WHERE h.id";

    private final Vertx vertx;
    private final Pool pool;
    private final CheckpointKeys keys;
    private final int every;
    private final Clock clock;
    private final AuditChain chain;
    private final AuditAlarm alarm;
    private final Optional<WitnessFile> witness;

    /** A signer without witness file or shared alarm (tests). */
    public HeadCheckpoints(Pool pool, AuditOptions options, Clock clock) {
        this(null, pool, options, clock, new AuditAlarm());
    }

    /** {@code vertx} writes the witness file ({@link AuditOptions#witnessFile()}) on its worker threads. */
    public HeadCheckpoints(Vertx vertx, Pool pool, AuditOptions options, Clock clock, AuditAlarm alarm) {
        this.vertx = vertx;
        this.pool = pool;
        this.keys = CheckpointKeys.from(options);
        this.every = options.checkpointEvery();
        this.clock = clock;
        this.chain = new AuditChain(options.chainKey());
        this.alarm = alarm;
        this.witness = vertx == null ? Optional.empty() : options.witnessFile().map(WitnessFile::new);
    }

    /** Signs the head if it is not signed yet and the entries since the last checkpoint hold; the position, or empty. */
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
            AuditLog.Head head = new AuditLog.Head(seq, h.getBuffer("hash").getBytes());
            return TailCheck.check(pool, chain, keys, every, head).compose(broken -> {
                if (broken.isPresent()) {
                    alarm.refused(broken.get(), seq, AuditAlarm.Where.HEAD);
                    return Future.succeededFuture(Optional.<Long>empty());
                }
                return sign(head);
            });
        });
    }

    private Future<Optional<Long>> sign(AuditLog.Head head) {
        Checkpoint c = new Checkpoint(head.seq(), head.hash(), clock.instant(), every);
        return CheckpointKeys.offLoop(keys, () -> new WitnessFile.Line(c, keys.keyId(), keys.sign(c)))
                .compose(line -> insert(head, c, line));
    }

    private Future<Optional<Long>> insert(AuditLog.Head head, Checkpoint c, WitnessFile.Line line) {
        return pool.preparedQuery(AuditLog.INSERT_CHECKPOINT)
                .execute(AuditLog.checkpoint(c, line.keyId(), line.signature()))
                .compose(inserted -> {
                    // Only the row this process wrote: another instance that signed the same position witnesses it.
                    if (inserted.rowCount() == 0 || witness.isEmpty()) {
                        return Future.succeededFuture(Optional.of(head.seq()));
                    }
                    return witness.get().append(vertx, line)
                            .onFailure(e -> LOG.error("audit checkpoint {} signed but NOT written to the witness file:"
                                    + " {}", head.seq(), e.getClass().getSimpleName()))
                            .map(v -> Optional.of(head.seq()));
                });
    }

    /**
     * Signs the head every {@code interval} when it moved, one pass at a time; the started pass, which the owner
     * stops, or none when not signing or no interval.
     */
    public Optional<PeriodicPass<Optional<Long>>> schedule(Vertx vertx, java.time.Duration interval) {
        if (!keys.signs() || interval.isZero()) {
            return Optional.empty();
        }
        PeriodicPass<Optional<Long>> pass = new PeriodicPass<>(vertx, interval, this::signHead, ar -> {
            if (ar.failed()) {
                LOG.warn("periodic audit checkpoint failed: {}", ar.cause().getMessage());
            }
        });
        pass.start();
        return Optional.of(pass);
    }
}
