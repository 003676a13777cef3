package fr.sante.dmp.store.audit;

import java.util.Optional;

/**
 * The verifier's verdict: whether the chain holds, how many entries it walked, the first broken position and why, and
 * the signed checkpoints it checked. Everything up to {@code lastCheckpoint} is proven by a signature; a full rewrite
 * with recomputed hashes lies between {@code lastCheckpoint} and {@code firstBreak}.
 *
 * @param firstBreak     the first position that does not hold (an entry, a missing or a disagreeing checkpoint)
 * @param reason         why that position fails
 * @param checkpoints    signed checkpoints that verified
 * @param lastCheckpoint the last checkpoint that verified before the first break (or overall)
 * @param witnessed      checkpoints of the witness file (outside the database) checked against the database
 */
public record AuditVerification(boolean ok, long entries, Optional<Long> firstBreak, Optional<Break> reason,
                                long checkpoints, Optional<Long> lastCheckpoint, long witnessed) {

    /** A verdict without witness file. */
    public AuditVerification(boolean ok, long entries, Optional<Long> firstBreak, Optional<Break> reason,
                             long checkpoints, Optional<Long> lastCheckpoint) {
        this(ok, entries, firstBreak, reason, checkpoints, lastCheckpoint, 0);
    }

    /** A verdict without checkpoints (an unsigned chain). */
    public AuditVerification(boolean ok, long entries, Optional<Long> firstBreak) {
        this(ok, entries, firstBreak, Optional.empty(), 0, Optional.empty());
    }

    /** What failed at {@link #firstBreak}. */
    public enum Break {
        /** An entry altered, inserted, removed or moved: its hash or its link to the previous one does not match. */
        CHAIN,
        /** Entries removed from the end: the head, or a signed checkpoint, names a position that is gone. */
        TRUNCATED,
        /** The chain was rewritten with recomputed hashes: it disagrees with the signed checkpoint at this position. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint whose signature does not verify under a trusted key (forged, altered, or unknown key). */
        CHECKPOINT_SIGNATURE,
        /** A checkpoint the spacing rule requires is absent (deleted to hide a rewrite). */
        CHECKPOINT_MISSING,
        /**
         * A checkpoint of the witness file (kept outside the database) no longer matches it: its entry was rewritten
         * or cut, or its checkpoint row deleted (a rollback the database alone could hide).
         */
        WITNESS
    }
}
