package fr.sante.dmp.store.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the signer checks before it signs a head: the entries since the last checkpoint (at most {@code window} of
 * them), each against the keyed chain rule, starting from the last checkpoint's signed hash, up to the head it is
 * about to sign. One statement: the chain's format row, the last checkpoint and the entries after it. Without this, a
 * database writer who rewrote a recent entry and its hash (possible when the hash had no key) got the forgery signed.
 */
final class TailCheck {
    private static final String ENTRY_COLUMNS = Arrays.stream(AuditLog.COLUMNS.split(",\\s*"))
            .map(c -> "l." + c).collect(Collectors.joining(", "));
    /** $1 the head's position, $2 the window. */
    static final String TAIL = "SELECT f.keyed_from, c.seq AS cp_seq, c.hash AS cp_hash, c.at AS cp_at, "
            + "c.every_entries AS cp_every, c.key_id AS cp_key_id, c.signature AS cp_signature, " + ENTRY_COLUMNS
            + " FROM audit_chain f"
            + " LEFT JOIN LATERAL (SELECT seq, hash, at, every_entries, key_id, signature FROM audit_checkpoint"
            + " WHERE seq <= $1 ORDER BY seq DESC LIMIT 1) c ON true"
            + " LEFT JOIN LATERAL (SELECT " + AuditLog.COLUMNS + " FROM audit_log"
            + " WHERE seq > greatest(coalesce(c.seq, 0), $1 - $2) AND seq <= $1) l ON true"
            + " ORDER BY l.seq";

    private TailCheck() {
    }

    /** Completes with the first broken position between the last checkpoint and {@code head}, or empty. */
    static Future<Optional<Long>> check(SqlClient client, AuditChain chain, CheckpointKeys keys, int window,
                                        AuditLog.Head head) {
        return client.preparedQuery(TAIL).execute(Tuple.of(head.seq(), window))
                .map(rows -> firstBreak(rows, chain, keys, window, head));
    }

    static Optional<Long> firstBreak(RowSet<Row> rows, AuditChain chain, CheckpointKeys keys, int window,
                                     AuditLog.Head head) {
        if (rows.size() == 0) {
            return Optional.of(1L); // no format row: the audit migration did not run, nothing can be checked
        }
        Row first = rows.iterator().next();
        long keyedFrom = first.getLong("keyed_from");
        Long cpSeq = first.getLong("cp_seq");
        long last;
        byte[] prev;
        if (cpSeq != null && cpSeq >= head.seq() - window) {
            Checkpoint cp = new Checkpoint(cpSeq, first.getBuffer("cp_hash").getBytes(),
                    first.getOffsetDateTime("cp_at").toInstant(), first.getInteger("cp_every"));
            if (!keys.verify(cp, first.getBuffer("cp_key_id").getBytes(), first.getBuffer("cp_signature").getBytes())) {
                return Optional.of(cpSeq); // a checkpoint row nobody trusted signed: not an anchor
            }
            last = cpSeq;
            prev = cp.hash();
        } else if (first.getLong("seq") != null) {
            // No checkpoint within the window (a chain signed for the first time): from the window's first entry.
            last = first.getLong("seq") - 1;
            prev = first.getBuffer("prev_hash").getBytes();
        } else {
            return head.seq() == 0 ? Optional.empty() : Optional.of(head.seq());
        }
        for (Row r : rows) {
            Long seq = r.getLong("seq");
            if (seq == null) {
                break;
            }
            boolean ok;
            byte[] stored = r.getBuffer("hash").getBytes();
            try {
                ok = seq == last + 1
                        && MessageDigest.isEqual(prev, r.getBuffer("prev_hash").getBytes())
                        && MessageDigest.isEqual(chain.expected(keyedFrom, prev, seq, AuditLog.event(r)), stored);
            } catch (RuntimeException unreadable) {
                ok = false;
            }
            if (!ok) {
                return Optional.of(Math.min(seq, last + 1));
            }
            last = seq;
            prev = stored;
        }
        if (last != head.seq() || !MessageDigest.isEqual(prev, head.hash())) {
            return Optional.of(Math.min(last + 1, head.seq()));
        }
        return Optional.empty();
    }
}
