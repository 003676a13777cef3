package fr.sante.dmp.store.audit;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verification of the chain and its signed checkpoints (paged by seq, constant memory) and the per-patient history.
 */
public final class PgAuditService implements AuditService {
    static final int PAGE = 2000;
    private static final String PAGE_SQL =
            "SELECT " + AuditLog.COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";
    private static final String HEAD = "SELECT seq, hash FROM audit_head WHERE id";
    private static final String HISTORY = "SELECT " + AuditLog.COLUMNS + " FROM audit_log "
            + "WHERE ins_hash = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";

    private static final String CHECKPOINT_COLUMNS = "c.seq, c.hash, c.at, c.every_entries, c.key_id, c.signature";
    private static final String CHECKPOINTS = "SELECT " + CHECKPOINT_COLUMNS + " FROM audit_checkpoint c "
            + "WHERE c.seq > $1 AND c.seq <= $2 ORDER BY c.seq";
    private static final String BEYOND_HEAD = "SELECT " + CHECKPOINT_COLUMNS + ", l.hash AS entry_hash "
            + "FROM audit_checkpoint c LEFT JOIN audit_log l ON l.seq = c.seq WHERE c.seq > $1 ORDER BY c.seq";

    private final Pool pool;
    private final InsHasher insHasher;
    private final CheckpointKeys keys;
    private final int every;

    /** A verifier of the chain alone (no signed checkpoints). */
    public PgAuditService(Pool pool, InsHasher insHasher) {
        this(pool, insHasher, AuditOptions.unsigned());
    }

    /** A verifier that also checks the signed checkpoints against the trusted keys of {@code options}. */
    public PgAuditService(Pool pool, InsHasher insHasher, AuditOptions options) {
        this.pool = pool;
        this.insHasher = insHasher;
        this.keys = CheckpointKeys.from(options);
        this.every = options.checkpointEvery();
    }

    @Override
    public Future<AuditVerification> verify() {
        // The head is read first: entries appended while we walk are beyond it and checked next time.
        return pool.preparedQuery(HEAD).execute()
                .compose(head -> {
                    Row h = head.iterator().next();
                    ChainWalk walk = new ChainWalk(keys, every, h.getLong(0), h.getBuffer(1).getBytes());
                    return page(walk);
                })
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("audit verification failed", e)));
    }

    private Future<AuditVerification> page(ChainWalk walk) {
        long from = walk.lastSeq();
        long limit = Math.min(PAGE, walk.headSeq() - from);
        if (limit <= 0) {
            return beyondHead(walk);
        }
        Future<RowSet<Row>> entries = pool.preparedQuery(PAGE_SQL).execute(Tuple.of(from, limit));
        Future<RowSet<Row>> checkpoints = keys.verifies()
                ? pool.preparedQuery(CHECKPOINTS).execute(Tuple.of(from, from + limit))
                : Future.succeededFuture(null);
        return Future.all(entries, checkpoints).compose(both -> {
            RowSet<Row> rows = entries.result();
            if (rows.size() == 0) {
                return beyondHead(walk);
            }
            Map<Long, byte[]> stored = new HashMap<>();
            for (Row r : rows) {
                walk.entry(r);
                stored.put(r.getLong("seq"), r.getBuffer("hash").getBytes());
            }
            if (checkpoints.result() != null) {
                for (Row c : checkpoints.result()) {
                    walk.checkpoint(c, stored.get(c.getLong("seq")));
                }
            }
            return page(walk);
        });
    }

    /** Signed checkpoints past the head read at the start must name entries that exist (a truncated tail). */
    private Future<AuditVerification> beyondHead(ChainWalk walk) {
        if (!keys.verifies()) {
            return Future.succeededFuture(walk.finish());
        }
        return pool.preparedQuery(BEYOND_HEAD).execute(Tuple.of(walk.headSeq())).map(rows -> {
            for (Row c : rows) {
                Buffer stored = c.getBuffer("entry_hash");
                walk.beyondHead(c, stored == null ? null : stored.getBytes());
            }
            return walk.finish();
        });
    }

    @Override
    public Future<List<AuditEntry>> history(Ins ins, long beforeSeq, int limit) {
        if (limit < 1 || limit > 500) {
            return Future.failedFuture(new RecordException.Invalid("limit", "must be between 1 and 500"));
        }
        Tuple args = Tuple.of(Buffer.buffer(insHasher.hash(ins)), beforeSeq, limit);
        return pool.preparedQuery(HISTORY).execute(args)
                .map(PgAuditService::entries)
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("audit history unavailable", e)));
    }

    private static List<AuditEntry> entries(RowSet<Row> rows) {
        List<AuditEntry> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            AuditEvent e = AuditLog.event(r);
            out.add(new AuditEntry(r.getLong("seq"), e.at(), e.actorKind(), Optional.ofNullable(e.actorId()),
                    Optional.ofNullable(e.profession()), e.action(), Optional.ofNullable(e.documentId()),
                    e.ruleId(), e.allowed(), e.breakGlass()));
        }
        return out;
    }
}
