package fr.sante.dmp.store.audit;

import io.vertx.sqlclient.Row;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * State of one verification walk, fed entries and checkpoints in position order. Each entry is checked against the
 * chain rule; each checkpoint against its signature and the hash actually stored at its position; gaps between
 * checkpoints against the signed spacing. The first failing position wins, whatever order the failures are found in.
 */
final class ChainWalk {
    private final CheckpointKeys keys;
    private final AuditChain chain;
    private final long keyedFrom;
    private final int every;
    private final long headSeq;
    private final byte[] headHash;
    private long lastSeq;
    private byte[] prev = AuditChain.GENESIS;
    private long entries;
    private Long firstBreak;
    private AuditVerification.Break reason;
    private long checkpoints;
    private long lastCheckpoint;
    private boolean seenCheckpoint;
    private int lastEvery;
    private Long lastGoodCheckpoint;
    private long witnessed;

    /** {@code keyedFrom}: the first position chained with the key (audit_chain.keyed_from), SHA-256 before it. */
    ChainWalk(CheckpointKeys keys, AuditChain chain, long keyedFrom, int every, long headSeq, byte[] headHash) {
        this.keys = keys;
        this.chain = chain;
        this.keyedFrom = keyedFrom;
        this.every = every;
        this.lastEvery = every;
        this.headSeq = headSeq;
        this.headHash = headHash;
    }

    long lastSeq() {
        return lastSeq;
    }

    long headSeq() {
        return headSeq;
    }

    void entry(Row r) {
        long seq = r.getLong("seq");
        entries++;
        byte[] stored = r.getBuffer("hash").getBytes();
        boolean ok;
        try {
            byte[] expected = chain.expected(keyedFrom, prev, seq, AuditLog.event(r));
            ok = seq == lastSeq + 1
                    && MessageDigest.isEqual(prev, r.getBuffer("prev_hash").getBytes())
                    && MessageDigest.isEqual(expected, stored);
        } catch (RuntimeException unreadable) { // e.g. an action name altered to something unknown
            ok = false;
        }
        if (!ok) {
            fail(Math.min(seq, lastSeq + 1), AuditVerification.Break.CHAIN);
        }
        // Continue from the stored hash: later entries are judged against what is actually there.
        prev = stored;
        lastSeq = seq;
    }

    /** A checkpoint at or before the current position (its entry was fed first); {@code stored} is that entry's hash. */
    void checkpoint(Row c, byte[] stored) {
        Checkpoint cp = checkpointOf(c);
        if (!keys.verify(cp, c.getBuffer("key_id").getBytes(), c.getBuffer("signature").getBytes())) {
            fail(cp.seq(), AuditVerification.Break.CHECKPOINT_SIGNATURE);
            return;
        }
        gap(cp.seq(), Math.max(lastEvery, cp.every()));
        if (stored == null) {
            fail(cp.seq(), AuditVerification.Break.TRUNCATED);
        } else if (!MessageDigest.isEqual(cp.hash(), stored)) {
            fail(cp.seq(), AuditVerification.Break.CHECKPOINT_MISMATCH);
        } else {
            checkpoints++;
            if (firstBreak == null) {
                lastGoodCheckpoint = cp.seq();
            }
        }
        lastCheckpoint = cp.seq();
        lastEvery = cp.every();
        seenCheckpoint = true;
    }

    /** A validly signed checkpoint beyond the head read at the start: its entry must exist (appended since). */
    void beyondHead(Row c, byte[] stored) {
        Checkpoint cp = checkpointOf(c);
        if (keys.verify(cp, c.getBuffer("key_id").getBytes(), c.getBuffer("signature").getBytes())
                && (stored == null || !MessageDigest.isEqual(cp.hash(), stored))) {
            fail(Math.min(cp.seq(), headSeq + 1), AuditVerification.Break.TRUNCATED);
        }
    }

    /**
     * A checkpoint read from the witness file (outside the database): if validly signed, the entry at its position must
     * still carry its hash, and its checkpoint row must still be there. {@code entryHash} and {@code rowHash} are what
     * the database holds at that position (null: absent).
     */
    void witness(WitnessFile.Line line, byte[] entryHash, byte[] rowHash) {
        Checkpoint cp = line.checkpoint();
        if (!keys.verify(cp, line.keyId(), line.signature())) {
            return; // not ours to trust (another key, or a line not written by a signer): it proves nothing
        }
        witnessed++;
        if (entryHash == null || !MessageDigest.isEqual(cp.hash(), entryHash)
                || rowHash == null || !MessageDigest.isEqual(cp.hash(), rowHash)) {
            fail(Math.min(cp.seq(), entryHash == null ? headSeq + 1 : cp.seq()), AuditVerification.Break.WITNESS);
        }
    }

    private static Checkpoint checkpointOf(Row c) {
        return new Checkpoint(c.getLong("seq"), c.getBuffer("hash").getBytes(),
                c.getOffsetDateTime("at").toInstant(), c.getInteger("every_entries"));
    }

    /**
     * Positions multiple of the spacing are always signed: a longer gap means checkpoints were deleted. Not before the
     * first checkpoint: a chain that existed before signing was enabled is covered from its first checkpoint on.
     */
    private void gap(long upTo, int allowed) {
        if (keys.verifies() && seenCheckpoint && upTo - lastCheckpoint > allowed) {
            fail(lastCheckpoint + allowed, AuditVerification.Break.CHECKPOINT_MISSING);
        }
    }

    private void fail(long seq, AuditVerification.Break why) {
        if (firstBreak == null || seq < firstBreak) {
            firstBreak = seq;
            reason = why;
        }
    }

    AuditVerification finish() {
        // Entries removed from the tail leave the head pointing past the last row.
        if (lastSeq != headSeq || !MessageDigest.isEqual(prev, headHash)) {
            fail(lastSeq + 1, AuditVerification.Break.TRUNCATED);
        }
        // The entries after the last checkpoint: no more than the spacing may go unsigned.
        int allowed = Math.max(lastEvery, every);
        if (keys.verifies() && headSeq - lastCheckpoint >= allowed) {
            fail(seenCheckpoint ? lastCheckpoint + allowed : Math.min(every, headSeq),
                    AuditVerification.Break.CHECKPOINT_MISSING);
        }
        return new AuditVerification(firstBreak == null, entries, Optional.ofNullable(firstBreak),
                Optional.ofNullable(reason), checkpoints, Optional.ofNullable(lastGoodCheckpoint), witnessed);
    }
}
