package fr.sante.dmp.store.audit;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Entries chained after a head, laid out for one multi-row statement: each column as one array, zipped back into rows
 * by PostgreSQL's {@code unnest} (see {@link AuditLog}). The hashes are computed here with {@link AuditChain#hash} (keyed), the
 * same bytes as for a row sent alone; a checkpoint due inside the batch is listed here, signed by the caller.
 */
final class ChainedBatch {
    /** The columns of {@link AuditLog#COLUMNS} as arrays, in that order: the statements' parameters $1 to $15. */
    static final String UNNEST = "unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], "
            + "$6::text[], $7::text[], $8::bytea[], $9::uuid[], $10::text[], $11::boolean[], $12::boolean[], "
            + "$13::bytea[], $14::bytea[], $15::bytea[])";

    final AuditLog.Head last;
    /** The checkpoints due in the batch, to sign ({@link AuditLog}). */
    final List<Checkpoint> checkpoints;
    private final Object[] columns;

    private ChainedBatch(AuditLog.Head last, List<Checkpoint> checkpoints, Object[] columns) {
        this.last = last;
        this.checkpoints = checkpoints;
        this.columns = columns;
    }

    /** True when one of the {@code n} positions after {@code head} is a checkpoint to sign. */
    static boolean checkpointDue(CheckpointKeys keys, int every, AuditLog.Head head, int n) {
        return keys.signs() && (head.seq() + n) / every > head.seq() / every;
    }

    static ChainedBatch of(AuditChain chain, CheckpointKeys keys, int every, AuditLog.Head head,
                           List<AuditEvent> events) {
        int n = events.size();
        Long[] seqs = new Long[n];
        OffsetDateTime[] ats = new OffsetDateTime[n];
        String[] actorKinds = new String[n];
        String[] actorIds = new String[n];
        String[] professions = new String[n];
        String[] categories = new String[n];
        String[] actions = new String[n];
        Buffer[] insHashes = new Buffer[n];
        UUID[] documentIds = new UUID[n];
        String[] ruleIds = new String[n];
        Boolean[] allowed = new Boolean[n];
        Boolean[] breakGlass = new Boolean[n];
        Buffer[] reasons = new Buffer[n];
        Buffer[] prevHashes = new Buffer[n];
        Buffer[] hashes = new Buffer[n];
        List<Checkpoint> checkpoints = new ArrayList<>(1);
        long seq = head.seq();
        byte[] prev = head.hash();
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            seq++;
            byte[] hash = chain.hash(prev, seq, e);
            seqs[i] = seq;
            ats[i] = OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC);
            actorKinds[i] = e.actorKind();
            actorIds[i] = e.actorId();
            professions[i] = e.profession();
            categories[i] = e.category();
            actions[i] = e.action().name();
            insHashes[i] = e.insHash() == null ? null : Buffer.buffer(e.insHash());
            documentIds[i] = e.documentId();
            ruleIds[i] = e.ruleId();
            allowed[i] = e.allowed();
            breakGlass[i] = e.breakGlass();
            reasons[i] = e.reason() == null ? null : Buffer.buffer(e.reason());
            prevHashes[i] = Buffer.buffer(prev);
            hashes[i] = Buffer.buffer(hash);
            if (keys.signs() && seq % every == 0) {
                checkpoints.add(new Checkpoint(seq, hash, e.at(), every));
            }
            prev = hash;
        }
        Object[] columns = {
            seqs, ats, actorKinds, actorIds, professions, categories, actions, insHashes, documentIds, ruleIds,
            allowed, breakGlass, reasons, prevHashes, hashes
        };
        return new ChainedBatch(new AuditLog.Head(seq, prev), checkpoints, columns);
    }

    /** The fifteen column arrays followed by {@code more} parameters ($16, $17, ...). */
    Tuple args(Object... more) {
        Object[] all = new Object[columns.length + more.length];
        System.arraycopy(columns, 0, all, 0, columns.length);
        System.arraycopy(more, 0, all, columns.length, more.length);
        return Tuple.from(all);
    }
}
