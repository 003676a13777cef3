package fr.sante.dmp.store.keys;

/**
 * Where a master-key rotation stands (what {@code ./dmp keys rotate} prints after each batch). Counts only, never a
 * record id or a key.
 *
 * @param targetKeyId the public id of the master key everything is being re-wrapped under
 * @param total       records holding a data key when this run started
 * @param rewrapped   data keys re-wrapped under the target, over every run of this rotation
 * @param already     data keys found already under the target (wrapped since, or by an earlier run)
 * @param changed     data keys changed by a concurrent write during this run (destroyed or replaced): left as they are
 * @param finished    the walk reached the last record
 * @param remaining   after the walk: data keys still not under the target (must be 0 before the old key is removed)
 */
public record RotationProgress(int targetKeyId, long total, long rewrapped, long already, long changed,
                               boolean finished, long remaining) {

    /** Progress in percent of the records walked, for the operator's screen. */
    public double percent() {
        return total == 0 ? 100.0 : Math.min(100.0, 100.0 * (rewrapped + already) / total);
    }
}
