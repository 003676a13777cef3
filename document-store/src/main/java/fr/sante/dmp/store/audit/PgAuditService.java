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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Verification of the chain (paged by seq, constant memory) and the per-patient history. */
public final class PgAuditService implements AuditService {
    static final int PAGE = 2000;
    private static final String PAGE_SQL =
            "SELECT " + AuditLog.COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";
    private static final String HEAD = "SELECT seq, hash FROM audit_head WHERE id";
    private static final String HISTORY = "SELECT " + AuditLog.COLUMNS + " FROM audit_log "
            + "WHERE ins_hash = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";

    private final Pool pool;
    private final InsHasher insHasher;

    public PgAuditService(Pool pool, InsHasher insHasher) {
        this.pool = pool;
        this.insHasher = insHasher;
    }

    @Override
    public Future<AuditVerification> verify() {
        // The head is read first: entries appended while we walk are beyond it and checked next time.
        return pool.preparedQuery(HEAD).execute()
                .compose(head -> {
                    Row h = head.iterator().next();
                    Walk walk = new Walk(h.getLong(0), h.getBuffer(1).getBytes());
                    return page(walk);
                })
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("audit verification failed", e)));
    }

    private Future<AuditVerification> page(Walk walk) {
        long limit = Math.min(PAGE, walk.headSeq - walk.lastSeq);
        if (limit <= 0) {
            return Future.succeededFuture(walk.finish());
        }
        return pool.preparedQuery(PAGE_SQL).execute(Tuple.of(walk.lastSeq, limit)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(walk.finish());
            }
            for (Row r : rows) {
                walk.check(r);
            }
            return page(walk);
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

    /** State of one verification walk. */
    private static final class Walk {
        private final long headSeq;
        private final byte[] headHash;
        private long lastSeq;
        private byte[] prev = AuditChain.GENESIS;
        private long entries;
        private Long firstBreak;

        Walk(long headSeq, byte[] headHash) {
            this.headSeq = headSeq;
            this.headHash = headHash;
        }

        void check(Row r) {
            long seq = r.getLong("seq");
            entries++;
            byte[] stored = r.getBuffer("hash").getBytes();
            boolean ok;
            try {
                byte[] expected = AuditChain.hash(prev, seq, AuditLog.event(r));
                ok = seq == lastSeq + 1
                        && MessageDigest.isEqual(prev, r.getBuffer("prev_hash").getBytes())
                        && MessageDigest.isEqual(expected, stored);
            } catch (RuntimeException unreadable) { // e.g. an action name altered to something unknown
                ok = false;
            }
            if (!ok && firstBreak == null) {
                firstBreak = Math.min(seq, lastSeq + 1);
            }
            // Continue from the stored hash: later entries are judged against what is actually there.
            prev = stored;
            lastSeq = seq;
        }

        AuditVerification finish() {
            // Entries removed from the tail leave the head pointing past the last row.
            if (firstBreak == null && (lastSeq != headSeq || !MessageDigest.isEqual(prev, headHash))) {
                firstBreak = lastSeq + 1;
            }
            return new AuditVerification(firstBreak == null, entries, Optional.ofNullable(firstBreak));
        }
    }
}
